import { Announcement } from './checkout-parts';

/**
 * Limits how often a checkout may announce an abandoned-cart candidate, because the event feeds a
 * mailer: without limits anyone holding a checkout could make it mail arbitrary strangers.
 * - the same email is announced at most once per window;
 * - at most `maxEmails` distinct emails are announced per window.
 */
export interface AbandonedCartPolicy {
  readonly windowSeconds: number;
  readonly maxEmails: number;
}

export const DEFAULT_ABANDONED_CART_POLICY: AbandonedCartPolicy = {
  windowSeconds: 600,
  maxEmails: 3,
};

/** Emails compare case-insensitively: "Ann@Shop.com" and "ann@shop.com" reach the same inbox. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Returns the announcement log after admitting `email` at `now`, or `undefined` when the policy
 * refuses it. Entries older than the window are dropped so the log stays small.
 */
export function admitAnnouncement(
  log: readonly Announcement[],
  email: string,
  now: Date,
  policy: AbandonedCartPolicy,
): Announcement[] | undefined {
  const windowStart = now.getTime() - policy.windowSeconds * 1000;
  const recent = log.filter((entry) => entry.at.getTime() > windowStart);
  const normalized = normalizeEmail(email);
  if (recent.some((entry) => entry.email === normalized)) return undefined;
  if (new Set(recent.map((entry) => entry.email)).size >= policy.maxEmails) return undefined;
  return [...recent, { email: normalized, at: now }];
}
