import { redactUrl } from './logging';

describe('redactUrl', () => {
  it('keeps tokens presented in the query string out of the logs', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    expect(redactUrl(`/api/storefront/checkouts/1?access_token=${jwt}&x=1`)).toBe(
      '/api/storefront/checkouts/1?access_token=[Redacted]&x=1',
    );
    expect(redactUrl('/api/x?Token=abc')).toBe('/api/x?Token=[Redacted]');
    expect(redactUrl(`/api/x?other=${jwt}`)).toBe('/api/x?other=[Redacted]');
    expect(redactUrl('/api/x?page=2')).toBe('/api/x?page=2');
  });
});
