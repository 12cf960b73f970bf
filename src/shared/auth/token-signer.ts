import { sign } from 'jsonwebtoken';
import { Role } from '../domain/viewer';

export interface TokenRequest {
  role: Role;
  sub: string;
  channelId?: number;
  email?: string;
  expiresInSeconds?: number;
}

/** Signs a token the service accepts; for `npm run token`, the demo and the tests. */
export function signToken(
  request: TokenRequest,
  jwt: { secret: string; issuer: string; audience: string },
): string {
  const claims: Record<string, unknown> = { role: request.role };
  if (request.channelId !== undefined) claims.channelId = request.channelId;
  if (request.email !== undefined) claims.email = request.email;
  return sign(claims, jwt.secret, {
    algorithm: 'HS256',
    subject: request.sub,
    issuer: jwt.issuer,
    audience: jwt.audience,
    expiresIn: request.expiresInSeconds ?? 3600,
  });
}
