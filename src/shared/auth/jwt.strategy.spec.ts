import { AppConfig } from '../../config/app-config';
import { validateEnvironment } from '../../config/environment';
import { Credentials } from './credentials';
import { CLOCK_TOLERANCE_SECONDS, JwtStrategy } from './jwt.strategy';
import { VerifiedTokens } from './verified-tokens';

describe('JwtStrategy', () => {
  const verified = new VerifiedTokens();
  const config = new AppConfig(validateEnvironment({}));
  const strategy = new JwtStrategy(config, verified, new Credentials(config));
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
});
