/**
 * The auth cookie (AUTH_COOKIE_NAME), for browser clients that cannot send an Authorization
 * header: the same JWT is accepted from it, and a write it authenticates must come from an
 * allowed origin with a JSON body, so a page elsewhere can never make a shopper's browser change
 * their checkout. Every refusal is a problem and changes nothing.
 */
import {
  anAddressBody,
  billingPath,
  checkoutPath,
  CONTACT,
  aContactBody,
  expectProblem,
} from '../support/checkout-api';
import { TestApp, uniqueShopper } from '../support/test-app';

const COOKIE = 'checkout_token';
const SHOP = 'https://shop.example.com';
const SELF = 'http://localhost:80'; // inject's Host header is localhost:80

describe('cookie authentication (AUTH_COOKIE_NAME)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({}, { AUTH_COOKIE_NAME: COOKIE, CORS_ORIGINS: SHOP });
  });
  afterAll(() => t.close());

  const cookieOf = (shopper: string, expiresInSeconds?: number) =>
    `theme=dark; ${COOKIE}=${t.token({ role: 'guest', sub: shopper, expiresInSeconds })}`;

  /** A checkout with a billing address, and what a refused request must leave as it is. */
  async function addressedCheckout() {
    const shopper = uniqueShopper('cookie');
    const { id } = await t.createCheckout(shopper);
    const added = await t.request('POST', billingPath(id), {
      token: t.shopper(shopper),
      body: anAddressBody({ email: 'jane@example.com' }),
    });
    expect(added.statusCode).toBe(200);
    const addressId: string = added.json().billingAddress.id;
    const state = async () => ({
      version: (await t.request('GET', checkoutPath(id), { token: t.merchant() })).json().version,
      events: (await t.outbox(id)).length,
    });
    return { shopper, id, addressId, state, before: await state() };
  }

  const put = (id: string, addressId: string, headers: Record<string, string>, payload: string) =>
    t.request('PUT', billingPath(id, addressId), { headers, payload });

  it('reads the token from the cookie: GET needs no Origin, a JSON write from the shop works', async () => {
    const { shopper, id, addressId } = await addressedCheckout();
    const cookie = cookieOf(shopper);
    const read = await t.request('GET', checkoutPath(id), { headers: { cookie } });
    expect(read.statusCode).toBe(200);
    for (const origin of [SHOP, SELF]) {
      const write = await put(
        id,
        addressId,
        { cookie, origin, 'content-type': 'application/json; charset=utf-8' },
        JSON.stringify(anAddressBody({ city: `From ${origin}` })),
      );
      expect({ origin, status: write.statusCode }).toEqual({ origin, status: 200 });
    }
  });

  // Every combination of where a write comes from and how its body is typed: only an allowed
  // origin with a JSON body may change anything; everything else is a 403 that changes nothing.
  const origins: [string, string | undefined, boolean][] = [
    ['the listed shop', SHOP, true],
    ['this service itself', SELF, true],
    ['a site not listed', 'https://evil.example.com', false],
    ['a look-alike of the shop', 'https://shop.example.com.evil.example', false],
    ['the shop over http', 'http://shop.example.com', false],
    ['an opaque origin', 'null', false],
    ['no Origin header', undefined, false],
  ];
  const bodies: [string, string, boolean][] = [
    ['JSON', 'application/json', true],
    ['a form post', 'application/x-www-form-urlencoded', false],
    ['a multipart form', 'multipart/form-data; boundary=x', false],
    ['text/plain', 'text/plain', false],
    ['JSON-looking text', 'text/plain; application/json', false],
  ];
  const refused = origins.flatMap(([from, origin, originOk]) =>
    bodies
      .filter(([, , bodyOk]) => !(originOk && bodyOk))
      .map(([body, contentType]) => [from, body, origin, contentType] as const),
  );

  it.each(refused)('refuses a cookie write from %s with %s: 403, nothing changes', async (...c) => {
    const [, , origin, contentType] = c;
    const { shopper, id, addressId, state, before } = await addressedCheckout();
    const headers: Record<string, string> = {
      cookie: cookieOf(shopper),
      'content-type': contentType,
    };
    if (origin !== undefined) headers.origin = origin;
    const payload = contentType.startsWith('application/json')
      ? JSON.stringify(anAddressBody({ city: 'Forged' }))
      : 'city=Forged&countryCode=US';
    const problem = expectProblem(await put(id, addressId, headers, payload), 403);
    expect(problem.detail).toMatch(/cookie/);
    expect(await state()).toEqual(before);
  });

  it('refuses the contact route the same way (a cross-site form post)', async () => {
    const { shopper, id, state, before } = await addressedCheckout();
    const response = await t.request('POST', CONTACT, {
      headers: {
        cookie: cookieOf(shopper),
        origin: 'https://evil.example.com',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'sessionId=' + id + '&firstName=X&lastName=Y&email=x%40evil.example.com',
    });
    expectProblem(response, 403);
    expect(await state()).toEqual(before);
    const allowed = await t.request('POST', CONTACT, {
      headers: { cookie: cookieOf(shopper), origin: SHOP },
      body: aContactBody(id),
    });
    expect(allowed.statusCode).toBe(204);
  });

  it('refuses an expired cookie token with 401, changing nothing', async () => {
    const { shopper, id, addressId, state, before } = await addressedCheckout();
    const response = await put(
      id,
      addressId,
      { cookie: cookieOf(shopper, -120), origin: SHOP, 'content-type': 'application/json' },
      JSON.stringify(anAddressBody({ city: 'Late' })),
    );
    expectProblem(response, 401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(await state()).toEqual(before);
  });

  it('lets a bearer header decide alone: a bad one is a 401 next to a good cookie; a good one needs no Origin', async () => {
    const { shopper, id, addressId, state, before } = await addressedCheckout();
    const body = JSON.stringify(anAddressBody({ city: 'Bearer' }));
    const cookie = cookieOf(shopper);
    for (const authorization of ['Bearer not.a.token', 'Basic abc', '']) {
      const response = await put(
        id,
        addressId,
        { cookie, authorization, origin: SHOP, 'content-type': 'application/json' },
        body,
      );
      expect({ authorization, status: response.statusCode }).toEqual({
        authorization,
        status: 401,
      });
    }
    expect(await state()).toEqual(before);
    const bearer = await put(
      id,
      addressId,
      { authorization: `Bearer ${t.shopper(shopper)}`, 'content-type': 'application/json' },
      body,
    );
    expect(bearer.statusCode).toBe(200);
  });

  it("refuses another shopper's cookie as it refuses their token: 404, nothing changes", async () => {
    const { id, addressId, state, before } = await addressedCheckout();
    const response = await put(
      id,
      addressId,
      {
        cookie: cookieOf(uniqueShopper('other')),
        origin: SHOP,
        'content-type': 'application/json',
      },
      JSON.stringify(anAddressBody({ city: 'Other' })),
    );
    expectProblem(response, 404);
    expect(await state()).toEqual(before);
  });

  it("answers the shop's preflight with credentials and the SDK's headers; no other origin", async () => {
    const preflight = (origin: string) =>
      t.request('OPTIONS', billingPath('8e5b6f1e-9c1a-4d2b-a3c4-5d6e7f8a9b0c'), {
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers':
            'content-type,x-checkout-sdk-version,x-api-internal,x-xsrf-token,if-match,idempotency-key',
        },
      });
    const allowed = await preflight(SHOP);
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(SHOP);
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    for (const header of ['x-checkout-sdk-version', 'x-api-internal', 'x-xsrf-token', 'if-match']) {
      expect(String(allowed.headers['access-control-allow-headers'])).toContain(header);
    }
    const other = await preflight('https://evil.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('without AUTH_COOKIE_NAME', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({}, { AUTH_COOKIE_NAME: undefined });
  });
  afterAll(() => t.close());

  it('ignores a cookie that carries a valid token: 401', async () => {
    const shopper = uniqueShopper('nocookie');
    const { id } = await t.createCheckout(shopper);
    const response = await t.request('GET', checkoutPath(id), {
      headers: { cookie: `${COOKIE}=${t.shopper(shopper)}` },
    });
    expectProblem(response, 401);
  });
});
