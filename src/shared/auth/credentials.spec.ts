import { AppConfig } from '../../config/app-config';
import { validateEnvironment } from '../../config/environment';
import { bearerToken, Credentials } from './credentials';

describe('Credentials', () => {
  const withCookie = new Credentials(
    new AppConfig(validateEnvironment({ AUTH_COOKIE_NAME: 'checkout_token' })),
  );
  const withoutCookie = new Credentials(new AppConfig(validateEnvironment({})));
  const request = (headers: Record<string, string>) => ({ headers });

  it('reads exactly "Bearer <token>" from the Authorization header', () => {
    const header = (authorization?: string) => ({ headers: { authorization } });
    expect(bearerToken(header('Bearer a.b.c'))).toBe('a.b.c');
    expect(bearerToken(header('bearer a.b.c'))).toBe('a.b.c');
    expect(bearerToken(header('Bearer a.b.c a.b.c'))).toBeNull();
    expect(bearerToken(header('Basic a.b.c'))).toBeNull();
    expect(bearerToken(header('Bearer '))).toBeNull();
    expect(bearerToken(header())).toBeNull();
  });

  it('reads the token from the named cookie only when AUTH_COOKIE_NAME is set', () => {
    const cookie = request({ cookie: 'theme=dark; checkout_token=h.p.s; other=1' });
    expect(withCookie.of(cookie)).toEqual({ source: 'cookie', token: 'h.p.s' });
    expect(withoutCookie.of(cookie)).toBeNull();
    expect(withCookie.of(request({ cookie: 'checkout_tokenx=h.p.s' }))).toBeNull();
    expect(withCookie.of(request({}))).toBeNull();
  });

  it('lets an Authorization header decide alone, even when it is malformed', () => {
    const both = (authorization: string) =>
      withCookie.of(request({ authorization, cookie: 'checkout_token=good.cookie.token' }));
    expect(both('Bearer a.b.c')).toEqual({ source: 'bearer', token: 'a.b.c' });
    expect(both('Basic a.b.c')).toEqual({ source: 'bearer', token: null });
    expect(both('')).toEqual({ source: 'bearer', token: null });
  });

  it('presents a cookie with characters no JWT has as malformed, not as absent', () => {
    expect(withCookie.of(request({ cookie: 'checkout_token=a.b c' }))).toEqual({
      source: 'cookie',
      token: null,
    });
    expect(withCookie.of(request({ cookie: 'checkout_token=%22a.b.c%22' }))).toEqual({
      source: 'cookie',
      token: null,
    });
  });
});
