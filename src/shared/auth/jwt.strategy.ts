import { createSecretKey } from 'node:crypto';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../../config/app-config';
import { Role, Viewer } from '../../checkout/domain/viewer';

interface Claims {
  sub?: unknown;
  exp?: unknown;
  role?: unknown;
  channelId?: unknown;
  email?: unknown;
}

const ROLES: ReadonlySet<string> = new Set<Role>(['guest', 'customer', 'merchant']);

/**
 * Bearer tokens: HS256 only (RFC 8725: never trust the token's own `alg`), with `exp`, `iss` and
 * `aud` checked by jsonwebtoken and `sub`, `role` (and the role's own claims) checked here.
 * jsonwebtoken checks `exp` only when present, so its presence is required here: a token without
 * one would never expire.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(config: AppConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject made once: given a string, jsonwebtoken first tries (and fails) to parse it as
      // a public key on every request, which cost a quarter of the CPU under load.
      secretOrKey: createSecretKey(Buffer.from(config.jwt.secret, 'utf8')) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: 30 },
    });
  }

  validate(claims: Claims): Viewer {
    const { sub, exp, role, channelId, email } = claims;
    if (typeof exp !== 'number' || !Number.isFinite(exp)) throw invalid('exp');
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
