import type { IncomingMessage } from 'node:http';
import { caseInsensitivePath } from './case-insensitive-path';

const CANONICAL = '/api/Checkout/sessions/me/contact';
const rewrite = caseInsensitivePath(CANONICAL);
const at = (url: string) => rewrite({ url } as IncomingMessage);

describe('caseInsensitivePath', () => {
  it('routes the path in any case to its canonical spelling, query kept', () => {
    expect(at('/api/checkout/sessions/me/contact')).toBe(CANONICAL);
    expect(at('/API/CHECKOUT/SESSIONS/ME/CONTACT')).toBe(CANONICAL);
    expect(at('/api/checkout/Sessions/Me/Contact?x=Y')).toBe(`${CANONICAL}?x=Y`);
    expect(at(CANONICAL)).toBe(CANONICAL);
  });

  it('leaves every other URL exactly as it came', () => {
    for (const url of [
      '/api/checkout/sessions/me/contacts',
      '/api/checkout/sessions/me/contact/',
      '/api/checkout/sessions/me/contac',
      '/api/checkout/sessions/you/contact',
      '/api/Storefront/Checkouts/AbC',
      '/api/checkouts',
      '/x/checkout/sessions/me/contact',
    ]) {
      expect(at(url)).toBe(url);
    }
  });

  it('escapes the path: its dots are no wildcards', () => {
    const dotted = caseInsensitivePath('/a.b');
    expect(dotted({ url: '/A.B' } as IncomingMessage)).toBe('/a.b');
    expect(dotted({ url: '/aXb' } as IncomingMessage)).toBe('/aXb');
  });
});
