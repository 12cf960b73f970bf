import { AppConfig } from '../../config/app-config';
import { validateEnvironment } from '../../config/environment';
import { bearerToken, CLOCK_TOLERANCE_SECONDS, JwtStrategy } from './jwt.strategy';
import { VerifiedTokens } from './verified-tokens';

describe('JwtStrategy', () => {
  const verified = new VerifiedTokens();
  const strategy = new JwtStrategy(new AppConfig(validateEnvironment({})), verified);
  const now = () => Math.floor(Date.now() / 1000);
  const claims = { sub: 'shopper-1', role: 'guest', exp: now() + 60 };
  const request = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  it('refuses a token issued in the future beyond the clock tolerance (jsonwebtoken does not)', () => {
    expect(strategy.validate(request('a.b.c'), { ...claims, iat: now() + 5 })).toEqual({
      role: 'guest',
      subject: 'shopper-1',
    });
    expect(() =>
      strategy.validate(request('a.b.d'), { ...claims, iat: now() + CLOCK_TOLERANCE_SECONDS + 10 }),
    ).toThrow(/iat/);
  });

  it('remembers the tokens it accepts, until exp plus the clock tolerance, and no others', () => {
    strategy.validate(request('accepted.token.sig'), claims);
    expect(verified.viewerOf('accepted.token.sig')).toEqual({
      role: 'guest',
      subject: 'shopper-1',
    });
    expect(() =>
      strategy.validate(request('refused.token.sig'), { ...claims, role: 'admin' }),
    ).toThrow(/role/);
    expect(verified.viewerOf('refused.token.sig')).toBeUndefined();

    const clock = jest.spyOn(Date, 'now');
    try {
      clock.mockReturnValue((claims.exp + CLOCK_TOLERANCE_SECONDS) * 1000 - 1);
      expect(verified.viewerOf('accepted.token.sig')).toBeDefined();
      clock.mockReturnValue((claims.exp + CLOCK_TOLERANCE_SECONDS) * 1000);
      expect(verified.viewerOf('accepted.token.sig')).toBeUndefined();
    } finally {
      clock.mockRestore();
    }
  });

  it('reads exactly "Bearer <token>" from the Authorization header', () => {
    const header = (authorization?: string) => ({ headers: { authorization } });
    expect(bearerToken(header('Bearer a.b.c'))).toBe('a.b.c');
    expect(bearerToken(header('bearer a.b.c'))).toBe('a.b.c');
    expect(bearerToken(header('Bearer a.b.c a.b.c'))).toBeNull();
    expect(bearerToken(header('Basic a.b.c'))).toBeNull();
    expect(bearerToken(header('Bearer '))).toBeNull();
    expect(bearerToken(header())).toBeNull();
  });
});
