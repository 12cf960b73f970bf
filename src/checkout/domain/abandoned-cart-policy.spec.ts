import {
  admitAnnouncement,
  AbandonedCartPolicy,
  DEFAULT_ABANDONED_CART_POLICY,
  normalizeEmail,
} from './abandoned-cart-policy';
import { Announcement } from './checkout-parts';

const policy: AbandonedCartPolicy = { windowSeconds: 600, maxEmails: 3 };
const T0 = new Date('2026-11-23T09:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

/** Offers each email in turn, one second apart; returns which were admitted and the final log. */
function offer(emails: string[], start = 0, log: Announcement[] = []) {
  const admitted: string[] = [];
  emails.forEach((email, index) => {
    const next = admitAnnouncement(log, email, at(start + index), policy);
    if (next) {
      admitted.push(email);
      log = next;
    }
  });
  return { admitted, log };
}

describe('abandoned-cart policy', () => {
  it('defaults to a 10 minute window and 3 emails', () => {
    expect(DEFAULT_ABANDONED_CART_POLICY).toEqual({ windowSeconds: 600, maxEmails: 3 });
  });

  it('admits a first email and logs it normalized, with its time', () => {
    expect(admitAnnouncement([], ' Ann@Example.COM ', T0, policy)).toEqual([
      { email: 'ann@example.com', at: T0 },
    ]);
  });

  it('announces the same email once per window', () => {
    expect(offer(['ann@example.com', 'ann@example.com']).admitted).toEqual(['ann@example.com']);
  });

  it('compares emails case-insensitively', () => {
    expect(normalizeEmail('Ann@Example.com')).toBe('ann@example.com');
    expect(offer(['ann@example.com', 'ANN@EXAMPLE.COM', 'Ann@example.com']).admitted).toEqual([
      'ann@example.com',
    ]);
  });

  it('admits at most maxEmails distinct emails per window', () => {
    const { admitted } = offer(['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io', 'a@x.io']);
    expect(admitted).toEqual(['a@x.io', 'b@x.io', 'c@x.io']);
  });

  it('admits the same email again once the window has passed', () => {
    const first = admitAnnouncement([], 'ann@example.com', T0, policy)!;
    expect(admitAnnouncement(first, 'ann@example.com', at(599), policy)).toBeUndefined();
    expect(admitAnnouncement(first, 'ann@example.com', at(600), policy)).toEqual([
      { email: 'ann@example.com', at: at(600) },
    ]);
  });

  it('frees a slot when the oldest announcement leaves the window, and forgets expired entries', () => {
    const { log } = offer(['a@x.io', 'b@x.io', 'c@x.io']); // at 0, 1, 2 s
    expect(admitAnnouncement(log, 'd@x.io', at(599), policy)).toBeUndefined();
    expect(admitAnnouncement(log, 'd@x.io', at(600), policy)).toEqual([
      { email: 'b@x.io', at: at(1) },
      { email: 'c@x.io', at: at(2) },
      { email: 'd@x.io', at: at(600) },
    ]);
  });

  it('honours a configured policy', () => {
    const strict: AbandonedCartPolicy = { windowSeconds: 60, maxEmails: 1 };
    const first = admitAnnouncement([], 'a@x.io', T0, strict)!;
    expect(admitAnnouncement(first, 'b@x.io', at(59), strict)).toBeUndefined();
    expect(admitAnnouncement(first, 'b@x.io', at(61), strict)).toEqual([
      { email: 'b@x.io', at: at(61) },
    ]);
  });
});
