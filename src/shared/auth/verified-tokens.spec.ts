import { VERIFIED_TOKENS_MAX, VerifiedTokens } from './verified-tokens';

describe('VerifiedTokens', () => {
  const guest = { role: 'guest' as const, subject: 'shopper-1' };
  const inAMinute = () => Date.now() + 60_000;

  it('answers the caller of a remembered token, and nothing for any other string', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('h.p.s', guest, inAMinute());
    expect(tokens.viewerOf('h.p.s')).toEqual(guest);
    expect(tokens.viewerOf('h.p.t')).toBeUndefined();
    expect(tokens.viewerOf('h.p.s ')).toBeUndefined();
  });

  it('forgets a token once it is refused, and never takes one that already is', () => {
    const tokens = new VerifiedTokens();
    const clock = jest.spyOn(Date, 'now');
    try {
      clock.mockReturnValue(1_000_000);
      tokens.remember('expiring', guest, 1_000_500);
      tokens.remember('expired', guest, 1_000_000);
      expect(tokens.viewerOf('expiring')).toEqual(guest);
      expect(tokens.viewerOf('expired')).toBeUndefined();
      clock.mockReturnValue(1_000_500);
      expect(tokens.viewerOf('expiring')).toBeUndefined();
      clock.mockReturnValue(1_000_000);
      expect(tokens.viewerOf('expiring')).toBeUndefined();
      expect(tokens.size).toBe(0);
    } finally {
      clock.mockRestore();
    }
  });

  it('holds at most VERIFIED_TOKENS_MAX tokens, dropping the least recently used', () => {
    const tokens = new VerifiedTokens();
    for (let i = 0; i < VERIFIED_TOKENS_MAX; i += 1) tokens.remember(`t${i}`, guest, inAMinute());
    expect(tokens.viewerOf('t0')).toEqual(guest);
    tokens.remember('one more', guest, inAMinute());
    expect(tokens.size).toBe(VERIFIED_TOKENS_MAX);
    expect(tokens.viewerOf('t0')).toEqual(guest);
    expect(tokens.viewerOf('t1')).toBeUndefined();
    expect(tokens.viewerOf('one more')).toEqual(guest);
  });
});
