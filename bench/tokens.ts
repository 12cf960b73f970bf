import { createHmac } from 'node:crypto';
import { verify } from 'jsonwebtoken';
import { signToken } from '../src/shared/auth/token-signer';

export const JWT_ISSUER = 'checkout-service';
export const JWT_AUDIENCE = 'checkout-api';
const TOKEN_TTL_SECONDS = 4 * 3600;
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/**
 * Signs the bench's tokens: tens of thousands of them, one per shopper. jsonwebtoken takes
 * ~0.2–0.6 ms a token here, so this signs the same claims with one HMAC; `checkSigner` proves
 * at start-up that the result is what the service's own signer and verifier agree on.
 */
export class BenchTokens {
  private readonly key: Buffer;
  private readonly issuedAt = Math.floor(Date.now() / 1000);
  /** A shopper's token, signed once: a shopper has many checkouts at a large store size. */
  private readonly guests = new Map<string, string>();

  constructor(readonly secret: string) {
    this.key = Buffer.from(secret);
  }

  guest(shopperId: string): string {
    let token = this.guests.get(shopperId);
    if (token === undefined) {
      token = this.sign({ role: 'guest', sub: shopperId });
      this.guests.set(shopperId, token);
    }
    return token;
  }

  merchant(channelId = 1): string {
    return this.sign({ role: 'merchant', channelId, sub: 'bench-merchant' });
  }

  private sign(claims: Record<string, unknown>): string {
    const payload = Buffer.from(
      JSON.stringify({
        ...claims,
        iat: this.issuedAt,
        exp: this.issuedAt + TOKEN_TTL_SECONDS,
        aud: JWT_AUDIENCE,
        iss: JWT_ISSUER,
      }),
    ).toString('base64url');
    const signature = createHmac('sha256', this.key)
      .update(`${HEADER}.${payload}`)
      .digest('base64url');
    return `${HEADER}.${payload}.${signature}`;
  }

  /** Throws unless a bench token verifies like one from src/shared/auth/token-signer.ts. */
  checkSigner(): void {
    const options = { algorithms: ['HS256' as const], issuer: JWT_ISSUER, audience: JWT_AUDIENCE };
    const reference = verify(
      signToken(
        { role: 'guest', sub: 'bench-check' },
        { secret: this.secret, issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
      ),
      this.secret,
      options,
    ) as Record<string, unknown>;
    const ours = verify(this.guest('bench-check'), this.secret, options) as Record<string, unknown>;
    for (const claim of ['role', 'sub', 'iss', 'aud']) {
      if (ours[claim] !== reference[claim]) throw new Error(`bench token: claim ${claim} differs`);
    }
  }
}
