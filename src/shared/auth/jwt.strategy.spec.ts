import { AppConfig } from '../../config/app-config';
import { validateEnvironment } from '../../config/environment';
import { bearerToken, CLOCK_TOLERANCE_SECONDS, JwtStrategy } from './jwt.strategy';

describe('JwtStrategy', () => {
  const strategy = new JwtStrategy(new AppConfig(validateEnvironment({})));
  const now = () => Math.floor(Date.now() / 1000);
  const claims = { sub: 'shopper-1', role: 'guest', exp: now() + 60 };

  it('refuses a token issued in the future beyond the clock tolerance (jsonwebtoken does not)', () => {
    expect(strategy.validate({ ...claims, iat: now() + 5 })).toEqual({
      role: 'guest',
      subject: 'shopper-1',
    });
    expect(() =>
      strategy.validate({ ...claims, iat: now() + CLOCK_TOLERANCE_SECONDS + 10 }),
    ).toThrow(/iat/);
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
