import { sign } from 'jsonwebtoken';
import {
  aContactBody,
  anAddressBody,
  billingPath,
  checkoutPath,
  checkoutWithAddress,
  CONTACT,
  expectProblem,
  ordersPath,
  outboxSummary,
} from '../support/checkout-api';
import { CLOCK_TOLERANCE_SECONDS, JwtStrategy } from '../../src/shared/auth/jwt.strategy';
import { TestApp, uniqueShopper } from '../support/test-app';

const base64url = (value: object): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

describe('checkout API: who may call what', () => {
  let t: TestApp;
  let shopper: string;
  let checkout: { id: string; addressId: string; token: string };

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    shopper = uniqueShopper();
    checkout = await checkoutWithAddress(t, shopper);
  });

  /** Every endpoint, as a request a caller could make on the shared checkout. */
  const endpoints = (): { name: string; method: string; url: string; body?: unknown }[] => [
    {
      name: 'POST /api/checkouts',
      method: 'POST',
      url: '/api/checkouts',
      body: {
        shopperId: shopper,
        currency: 'USD',
        lineItems: [{ productId: 'p', name: 'n', quantity: 1, unitPrice: 1 }],
      },
    },
    { name: 'GET checkout', method: 'GET', url: checkoutPath(checkout.id) },
    { name: 'POST contact', method: 'POST', url: CONTACT, body: aContactBody(checkout.id) },
    {
      name: 'POST billing-address',
      method: 'POST',
      url: billingPath(checkout.id),
      body: anAddressBody(),
    },
    {
      name: 'PUT billing-address',
      method: 'PUT',
      url: billingPath(checkout.id, checkout.addressId),
      body: anAddressBody(),
    },
    { name: 'POST orders', method: 'POST', url: ordersPath(checkout.id), body: {} },
  ];
  const checkoutEndpoints = () => endpoints().slice(1);

  const claims = () => ({
    sub: shopper,
    role: 'guest',
    iss: t.config.jwt.issuer,
    aud: t.config.jwt.audience,
    exp: Math.floor(Date.now() / 1000) + 600,
  });
  const claimsWithout = (name: string): Record<string, unknown> => {
    const all: Record<string, unknown> = claims();
    delete all[name];
    return all;
  };
  const signed = (
    payload: object,
    secret = t.config.jwt.secret,
    algorithm: 'HS256' | 'HS512' = 'HS256',
  ) => sign(payload, secret, { algorithm });

  describe('401 with WWW-Authenticate: Bearer', () => {
    it('without a token, on every endpoint', async () => {
      for (const endpoint of endpoints()) {
        const response = await t.request(endpoint.method, endpoint.url, { body: endpoint.body });
        expectProblem(response, 401, endpoint.url);
        expect(response.headers['www-authenticate']).toMatch(/^Bearer\b/);
      }
      expect(await outboxSummary(t, checkout.id)).toHaveLength(3);
    });

    const badTokens: [string, () => string][] = [
      ['expired', () => signed({ ...claims(), exp: Math.floor(Date.now() / 1000) - 120 })],
      ['without exp', () => signed(claimsWithout('exp'))],
      ['with a wrong audience', () => signed({ ...claims(), aud: 'another-api' })],
      ['without audience', () => signed(claimsWithout('aud'))],
      ['with a wrong issuer', () => signed({ ...claims(), iss: 'someone-else' })],
      ['without issuer', () => signed(claimsWithout('iss'))],
      ['without sub', () => signed(claimsWithout('sub'))],
      ['with an unknown role', () => signed({ ...claims(), role: 'admin' })],
      ['of a merchant without channelId', () => signed({ ...claims(), role: 'merchant' })],
      ['of a customer without email', () => signed({ ...claims(), role: 'customer' })],
      ['signed with another key', () => signed(claims(), 'another-key-another-key-another-key-0')],
      ['signed with HS512', () => signed(claims(), t.config.jwt.secret, 'HS512')],
      ['with alg none', () => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims())}.`],
      ['that is not a JWT', () => 'not-a-token'],
    ];

    it.each(badTokens)('with a token %s', async (_name, token) => {
      const read = await t.request('GET', checkoutPath(checkout.id), { token: token() });
      expectProblem(read, 401, checkoutPath(checkout.id));
      expect(read.headers['www-authenticate']).toMatch(/^Bearer\b/);

      const write = await t.request('POST', CONTACT, {
        token: token(),
        body: aContactBody(checkout.id),
      });
      expectProblem(write, 401, CONTACT);
      expect(write.headers['www-authenticate']).toMatch(/^Bearer\b/);
      expect(await outboxSummary(t, checkout.id)).toHaveLength(3);
    });

    it('with a scheme other than Bearer', async () => {
      const response = await t.request('GET', checkoutPath(checkout.id), {
        headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      });
      expectProblem(response, 401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer\b/);
    });

    it('accepts the same claims when they are right (control)', async () => {
      const response = await t.request('GET', checkoutPath(checkout.id), {
        token: signed(claims()),
      });
      expect(response.statusCode).toBe(200);
    });

    it('verifies a token once, and its next requests by looking it up', async () => {
      const verify = jest.spyOn(t.app.get(JwtStrategy), 'validate');
      try {
        const token = signed(claims());
        for (let i = 0; i < 3; i += 1) {
          const read = await t.request('GET', checkoutPath(checkout.id), { token });
          expect(read.statusCode).toBe(200);
        }
        expect(verify).toHaveBeenCalledTimes(1);
        const other = await t.request('GET', checkoutPath(checkout.id), {
          token: signed({ ...claims(), exp: claims().exp + 1 }),
        });
        expect(other.statusCode).toBe(200);
        expect(verify).toHaveBeenCalledTimes(2);
      } finally {
        verify.mockRestore();
      }
    });

    it('refuses a token it accepted before, once the token has expired since', async () => {
      const exp = Math.floor(Date.now() / 1000) + 60;
      const token = signed({ ...claims(), exp });
      const accepted = await t.request('GET', checkoutPath(checkout.id), { token });
      expect(accepted.statusCode).toBe(200);

      const clock = jest.spyOn(Date, 'now');
      try {
        // Past exp and the clock tolerance: jsonwebtoken would refuse it, so must the service.
        clock.mockReturnValue((exp + CLOCK_TOLERANCE_SECONDS) * 1000);
        const read = await t.request('GET', checkoutPath(checkout.id), { token });
        expectProblem(read, 401, checkoutPath(checkout.id));
        const write = await t.request('POST', CONTACT, { token, body: aContactBody(checkout.id) });
        expectProblem(write, 401, CONTACT);
      } finally {
        clock.mockRestore();
      }
      expect(await outboxSummary(t, checkout.id)).toHaveLength(3);
    });
  });

  describe('403 for a role that may not call the endpoint', () => {
    it.each(['guest', 'customer'] as const)('a %s cannot create checkouts', async (role) => {
      const [create] = endpoints();
      const response = await t.request('POST', '/api/checkouts', {
        token: t.shopper(shopper, role),
        body: create!.body,
      });
      expectProblem(response, 403, '/api/checkouts');
    });
  });

  describe('404 for a checkout the caller may not see, exactly like a missing one', () => {
    const sameProblemAsMissing = async (token: string) => {
      for (const endpoint of checkoutEndpoints()) {
        const hidden = await t.request(endpoint.method, endpoint.url, {
          token,
          body: endpoint.body,
        });
        const missingId = crypto.randomUUID();
        const missingUrl = endpoint.url.replace(checkout.id, missingId);
        const missingBody = endpoint.url === CONTACT ? aContactBody(missingId) : endpoint.body;
        const missing = await t.request(endpoint.method, missingUrl, { token, body: missingBody });

        const hiddenProblem = expectProblem(hidden, 404, endpoint.url);
        const missingProblem = expectProblem(missing, 404, missingUrl);
        const { type, title, status } = missingProblem;
        expect({ endpoint: endpoint.name, ...hiddenProblem }).toMatchObject({
          endpoint: endpoint.name,
          type,
          title,
          status,
        });
        expect(Object.keys(hiddenProblem).sort()).toEqual(Object.keys(missingProblem).sort());
        expect(hidden.body).not.toContain(shopper);
      }
      expect(await outboxSummary(t, checkout.id)).toHaveLength(3);
    };

    it('another guest', async () => {
      await sameProblemAsMissing(t.shopper(uniqueShopper()));
    });

    it('another customer', async () => {
      await sameProblemAsMissing(t.shopper(uniqueShopper(), 'customer'));
    });

    it('a merchant of another channel', async () => {
      await sameProblemAsMissing(t.merchant(2));
    });

    it('a merchant of another channel whose sub is the shopper id', async () => {
      await sameProblemAsMissing(t.merchant(2, shopper));
    });
  });

  describe('the owner and the merchant of the channel', () => {
    it.each(['guest', 'customer'] as const)('a %s owner may read and edit it', async (role) => {
      const token = t.shopper(shopper, role);
      expect((await t.request('GET', checkoutPath(checkout.id), { token })).statusCode).toBe(200);
      const contact = await t.request('POST', CONTACT, { token, body: aContactBody(checkout.id) });
      expect(contact.statusCode).toBe(204);
      const address = await t.request('PUT', billingPath(checkout.id, checkout.addressId), {
        token,
        body: anAddressBody({ city: 'Dallas' }),
      });
      expect(address.statusCode).toBe(200);
    });

    it('the merchant of its channel may read, edit and complete it', async () => {
      const token = t.merchant(1);
      expect((await t.request('GET', checkoutPath(checkout.id), { token })).statusCode).toBe(200);
      expect(
        (await t.request('POST', CONTACT, { token, body: aContactBody(checkout.id) })).statusCode,
      ).toBe(204);
      expect((await t.request('POST', ordersPath(checkout.id), { token })).statusCode).toBe(200);
    });
  });
});
