import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../../config/app-config';
import { Role, Viewer } from '../../checkout/domain/viewer';

interface Claims {
  sub?: unknown;
  role?: unknown;
  channelId?: unknown;
  email?: unknown;
}

const ROLES: ReadonlySet<string> = new Set<Role>(['guest', 'customer', 'merchant']);

/**
 * Bearer tokens: HS256 only (RFC 8725: never trust the token's own `alg`), with `exp`, `iss` and
 * `aud` checked by jsonwebtoken and `sub`, `role` (and the role's own claims) checked here.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(config: AppConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwt.secret,
      algorithms: ['HS256'],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: 30 },
    });
  }

  validate(claims: Claims): Viewer {
    const { sub, role, channelId, email } = claims;
    if (typeof sub !== 'string' || sub.length === 0 || sub.length > 255) throw invalid('sub');
    if (typeof role !== 'string' || !ROLES.has(role)) throw invalid('role');
    if (role === 'merchant') {
      if (typeof channelId !== 'number' || !Number.isSafeInteger(channelId) || channelId < 1)
        throw invalid('channelId');
      return { role, subject: sub, channelId };
    }
    if (role === 'customer') {
      if (typeof email !== 'string' || email.length === 0 || email.length > 320)
        throw invalid('email');
      return { role, subject: sub, email };
    }
    return { role: role as Role, subject: sub };
  }
}

function invalid(claim: string): UnauthorizedException {
  return new UnauthorizedException(`The bearer token has no valid "${claim}" claim.`);
}
