import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Viewer } from '../domain/viewer';

/** Shoppers active at once on one instance; under 1 KB each, so at most a few MB. */
export const VERIFIED_TOKENS_MAX = 10_000;

interface Verified {
  readonly viewer: Viewer;
  /** Epoch ms from which the token is refused, as jsonwebtoken would: (`exp` + tolerance) s. */
  readonly refusedFromMs: number;
}

/**
 * Bearer tokens that passed every check, with the caller each one names, so a shopper's next
 * requests skip the signature and claims checks (HMAC, base64 and JSON parsing, passport), which
 * cost about a tenth of a command's CPU. Keyed by the whole token string, signature included: only
 * a token that was verified can hit. The one check that depends on the time, expiry, is repeated
 * on every hit; nothing else about a verified token can change while the service runs (the secret,
 * issuer and audience are fixed at start). Failures are never cached. Bounded, least recently
 * used out first.
 */
@Injectable()
export class VerifiedTokens {
  private readonly tokens = new LRUCache<string, Verified>({ max: VERIFIED_TOKENS_MAX });

  remember(token: string, viewer: Viewer, refusedFromMs: number): void {
    if (refusedFromMs > Date.now()) this.tokens.set(token, { viewer, refusedFromMs });
  }

  /** The caller of a token verified earlier and not expired since; undefined otherwise. */
  viewerOf(token: string): Viewer | undefined {
    const verified = this.tokens.get(token);
    if (verified === undefined) return undefined;
    if (verified.refusedFromMs <= Date.now()) {
      this.tokens.delete(token);
      return undefined;
    }
    return verified.viewer;
  }

  get size(): number {
    return this.tokens.size;
  }
}
