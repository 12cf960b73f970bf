/**
 * Headers fit for a JSON API (helmet): nothing may sniff, frame or embed our answers, no
 * X-Powered-By, no caching of personal data; Swagger UI keeps a CSP that lets it run; and CORS is
 * off (no CORS header at all) unless CORS_ORIGINS names the allowed browser origins.
 */
import { checkoutPath } from '../support/checkout-api';
import { TestApp, uniqueShopper } from '../support/test-app';

const API_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': expect.stringMatching(/^max-age=\d+/),
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'content-security-policy':
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};

const corsHeaders = (headers: Record<string, unknown>) =>
  Object.keys(headers).filter((name) => name.startsWith('access-control-'));

describe('security headers and CORS', () => {
  describe('default configuration', () => {
    let t: TestApp;
    beforeAll(async () => {
      delete process.env.CORS_ORIGINS;
      t = await TestApp.start();
    });
    afterAll(() => t.close());

    it('API answers, successes and problems alike, carry the API headers and no X-Powered-By', async () => {
      const shopper = uniqueShopper('headers');
      const { id } = await t.createCheckout(shopper);
      for (const response of [
        await t.request('GET', checkoutPath(id), { token: t.shopper(shopper) }),
        await t.request('GET', checkoutPath(id)),
        await t.request('GET', '/api/nothing-here'),
        await t.request('POST', '/api/checkouts', {
          token: t.merchant(),
          payload: '{',
          headers: { 'content-type': 'application/json' },
        }),
      ]) {
        expect(response.headers).toMatchObject(API_HEADERS);
        expect(response.headers['cache-control']).toBe('no-store');
        expect(response.headers['x-powered-by']).toBeUndefined();
        expect(response.headers.server).toBeUndefined();
      }
      const health = await t.request('GET', '/health/live');
      expect(health.headers).toMatchObject(API_HEADERS);
      expect(health.headers['x-powered-by']).toBeUndefined();
    });

    it("Swagger UI's pages get a CSP that lets them run; the OpenAPI document is an API answer", async () => {
      for (const path of ['/docs', '/docs/', '/docs/swagger-ui-init.js']) {
        const page = await t.request('GET', path);
        expect(page.statusCode).toBe(200);
        expect(page.headers['content-security-policy']).toMatch(
          /script-src 'self' 'unsafe-inline'/,
        );
        expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
        expect(page.headers['x-content-type-options']).toBe('nosniff');
      }
      const document = await t.request('GET', '/docs-json');
      expect(document.headers['content-security-policy']).toBe(
        API_HEADERS['content-security-policy'],
      );
    });

    it('CORS is off: no access-control-* header, even for a preflight', async () => {
      const origin = { origin: 'https://shop.example.com' };
      const preflight = await t.request('OPTIONS', '/api/checkouts', {
        headers: {
          ...origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
      expect(corsHeaders(preflight.headers)).toEqual([]);
      expect(preflight.statusCode).toBeGreaterThanOrEqual(400);
      expect(preflight.statusCode).toBeLessThan(500);
      const get = await t.request('GET', '/api/nothing', { headers: origin });
      expect(corsHeaders(get.headers)).toEqual([]);
    });
  });

  describe('CORS_ORIGINS set', () => {
    let t: TestApp;
    beforeAll(async () => {
      process.env.CORS_ORIGINS = 'https://shop.example.com, http://localhost:5173';
      t = await TestApp.start();
    });
    afterAll(async () => {
      delete process.env.CORS_ORIGINS;
      await t.close();
    });

    it('answers preflights from the listed origins only, exposing ETag and Retry-After', async () => {
      const preflight = (origin: string) =>
        t.request('OPTIONS', '/api/checkouts', {
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization,content-type,idempotency-key',
          },
        });
      for (const origin of ['https://shop.example.com', 'http://localhost:5173']) {
        const allowed = await preflight(origin);
        expect(allowed.statusCode).toBe(204);
        expect(allowed.headers['access-control-allow-origin']).toBe(origin);
        expect(String(allowed.headers['access-control-allow-headers'])).toMatch(/authorization/);
        expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
      }
      const refused = await preflight('https://evil.example.com');
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      const shopper = uniqueShopper('cors');
      const { id } = await t.createCheckout(shopper);
      const get = await t.request('GET', checkoutPath(id), {
        token: t.shopper(shopper),
        headers: { origin: 'https://shop.example.com' },
      });
      expect(get.headers['access-control-allow-origin']).toBe('https://shop.example.com');
      expect(String(get.headers['access-control-expose-headers'])).toMatch(/etag.*retry-after/);
    });
  });
});
