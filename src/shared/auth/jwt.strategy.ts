import { createSecretKey } from 'node:crypto';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import { AppConfig } from '../../config/app-config';
import { Role, Viewer } from '../domain/viewer';
import { Credentials } from './credentials';
import { VerifiedTokens } from './verified-tokens';

interface Claims {
  sub?: unknown;
  exp?: unknown;
  iat?: unknown;
  role?: unknown;
  channelId?: unknown;
  email?: unknown;
}

/** Clock skew allowed between the token issuer and this service, for `exp`, `nbf` and `iat`. */
export const CLOCK_TOLERANCE_SECONDS = 30;

const ROLES: ReadonlySet<string> = new Set<Role>(['guest', 'customer', 'merchant']);

/**
 * Tokens (from the bearer header, or the auth cookie: see Credentials): HS256 only (RFC 8725: never trust the token's own `alg`), with `exp`, `iss` and
 * `aud` checked by jsonwebtoken and `sub`, `role` (and the role's own claims) checked here.
 * jsonwebtoken checks `exp` only when present, so its presence is required here: a token without
 * one would never expire. jsonwebtoken does not compare `iat` with the clock either: a token "issued"
 * in the future was minted by a skewed or forged issuer (RFC 8725 3.10), so it is refused here.
 * A token that passes is remembered in `VerifiedTokens` until it expires.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    config: AppConfig,
    private readonly verified: VerifiedTokens,
    private readonly credentials: Credentials,
  ) {
    super({
      jwtFromRequest: (request: { headers: Record<string, unknown> }) =>
        credentials.tokenOf(request),
      passReqToCallback: true,
      // A KeyObject made once: given a string, jsonwebtoken first tries (and fails) to parse it as
      // a public key on every request, which cost a quarter of the CPU under load.
      secretOrKey: createSecretKey(Buffer.from(config.jwt.secret, 'utf8')) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: CLOCK_TOLERANCE_SECONDS },
    });
  }

  validate(request: { headers: Record<string, unknown> }, claims: Claims): Viewer {
    const viewer = viewerOf(claims);
    // The token jwtFromRequest read; jsonwebtoken has checked its signature and times.
    const token = this.credentials.tokenOf(request);
    const refusedFromMs = ((claims.exp as number) + CLOCK_TOLERANCE_SECONDS) * 1000;
    if (token !== null) this.verified.remember(token, viewer, refusedFromMs);
    return viewer;
  }
}

/** The caller a token names, or a 401 when its claims are not all there and sane. */
function viewerOf(claims: Claims): Viewer {
  const { sub, exp, iat, role, channelId, email } = claims;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw invalid('exp');
  if (iat !== undefined && !issuedInThePast(iat)) throw invalid('iat');
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

function issuedInThePast(iat: unknown): boolean {
  return (
    typeof iat === 'number' &&
    Number.isFinite(iat) &&
    iat <= Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS
  );
}

function invalid(claim: string): UnauthorizedException {
  return new UnauthorizedException(`The bearer token has no valid "${claim}" claim.`);
}
