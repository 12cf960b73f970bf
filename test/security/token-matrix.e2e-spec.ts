/**
 * RFC 8725 / OWASP API2: every way of presenting a token the service did not issue, or one it
 * issued but that is no longer (or not yet) valid, is a 401 problem with
 * `WWW-Authenticate: Bearer error="invalid_token"` (plain `Bearer` when no token was presented),
 * on every endpoint, and never a 5xx. Controls prove the matrix is not vacuous: the configured key
 * with harmless extras is accepted.
 */
import { generateKeyPairSync } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { CLOCK_TOLERANCE_SECONDS } from '../../src/shared/auth/jwt.strategy';
import { checkoutWithAddress, expectProblem } from '../support/checkout-api';
import {
  b64url,
  CHECKOUT_ENDPOINTS,
  call,
  databaseFingerprint,
  Endpoint,
  forgeToken,
  nowSeconds,
  StatusTally,
  Target,
  validClaims,
} from '../support/security';
import { TestApp, uniqueShopper } from '../support/test-app';
import { record } from '../reliability/support/report';

const CREATE: Endpoint = {
  name: 'create checkout',
  method: 'POST',
  path: () => '/api/checkouts',
  body: () => ({
    shopperId: 'shopper-x',
    currency: 'USD',
    lineItems: [{ productId: 'p', name: 'n', quantity: 1, unitPrice: 1 }],
  }),
};

describe('token matrix: 100% 401 with WWW-Authenticate, 0 5xx', () => {
  let t: TestApp;
  let target: Target;
  let shopper: string;
  const tally = new StatusTally();

  beforeAll(async () => {
    t = await TestApp.startIsolated();
    shopper = uniqueShopper('token');
    const created = await checkoutWithAddress(t, shopper);
    target = { id: created.id, addressId: created.addressId };
  });
  afterAll(async () => {
    record('security: token matrix', {
      requests: tally.total,
      statuses: tally.toString(),
      '5xx': tally.serverErrors,
    });
    console.log(
      `token matrix: ${tally.total} requests, statuses ${tally.toString()}, 5xx: ${tally.serverErrors}`,
    );
    await t.close();
  });

  const key = (): string => t.config.jwt.secret;
  const HS256 = { alg: 'HS256', typ: 'JWT' };
  /** Claims of a shopper (the owner, so only the token decides) or of the owner's merchant. */
  const shopperClaims = (extra: Record<string, unknown> = {}) =>
    validClaims(t, { sub: shopper, role: 'guest', ...extra });
  const merchantClaims = (extra: Record<string, unknown> = {}) =>
    validClaims(t, { sub: 'store-backend', role: 'merchant', channelId: 1, ...extra });
  const without = (claims: Record<string, unknown>, name: string) => {
    const copy = { ...claims };
    delete copy[name];
    return copy;
  };

  /** Each case builds a token from the claims of a caller who may use the endpoint. */
  const cases: [string, (claims: Record<string, unknown>) => string][] = [
    ['alg none', (c) => forgeToken({ alg: 'none', typ: 'JWT' }, c)],
    ['alg None', (c) => forgeToken({ alg: 'None', typ: 'JWT' }, c)],
    ['alg NONE', (c) => forgeToken({ alg: 'NONE', typ: 'JWT' }, c)],
    ['alg nOnE', (c) => forgeToken({ alg: 'nOnE' }, c)],
    ['alg none with a valid HS256 signature', (c) => forgeToken({ alg: 'none' }, c, key())],
    ['no alg at all', (c) => forgeToken({ typ: 'JWT' }, c, key())],
    ['HS384 with the configured key', (c) => forgeToken({ alg: 'HS384' }, c, key(), 'sha384')],
    ['HS512 with the configured key', (c) => forgeToken({ alg: 'HS512' }, c, key(), 'sha512')],
    [
      'HS256 with another key',
      (c) => forgeToken(HS256, c, 'another-key-of-at-least-32-characters!!'),
    ],
    ['HS256 with an empty key', (c) => forgeToken(HS256, c, '')],
    [
      'RS256 signed by an attacker',
      (c) => {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        return sign(c, privateKey, { algorithm: 'RS256' });
      },
    ],
    [
      'RS256 header, HMAC with the attacker public key (key confusion)',
      (c) => {
        const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        return forgeToken({ alg: 'RS256' }, c, publicKey.export({ type: 'spki', format: 'pem' }));
      },
    ],
    [
      'expired beyond the leeway',
      (c) => forgeToken(HS256, { ...c, exp: nowSeconds() - CLOCK_TOLERANCE_SECONDS - 5 }, key()),
    ],
    [
      'expired long ago',
      (c) => forgeToken(HS256, { ...c, iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 }, key()),
    ],
    [
      'nbf in the future',
      (c) => forgeToken(HS256, { ...c, nbf: nowSeconds() + CLOCK_TOLERANCE_SECONDS + 60 }, key()),
    ],
    [
      'iat in the future',
      (c) => forgeToken(HS256, { ...c, iat: nowSeconds() + CLOCK_TOLERANCE_SECONDS + 60 }, key()),
    ],
    ['iat not a number', (c) => forgeToken(HS256, { ...c, iat: 'yesterday' }, key())],
    [
      'exp not a number',
      (c) => forgeToken(HS256, { ...c, exp: String(nowSeconds() + 3600) }, key()),
    ],
    ['missing exp', (c) => forgeToken(HS256, without(c, 'exp'), key())],
    ['wrong iss', (c) => forgeToken(HS256, { ...c, iss: 'someone-else' }, key())],
    ['missing iss', (c) => forgeToken(HS256, without(c, 'iss'), key())],
    ['wrong aud', (c) => forgeToken(HS256, { ...c, aud: 'another-api' }, key())],
    ['aud list without ours', (c) => forgeToken(HS256, { ...c, aud: ['a', 'b'] }, key())],
    ['missing aud', (c) => forgeToken(HS256, without(c, 'aud'), key())],
    ['missing sub', (c) => forgeToken(HS256, without(c, 'sub'), key())],
    ['empty sub', (c) => forgeToken(HS256, { ...c, sub: '' }, key())],
    ['numeric sub', (c) => forgeToken(HS256, { ...c, sub: 42 }, key())],
    ['sub over 255 characters', (c) => forgeToken(HS256, { ...c, sub: 's'.repeat(256) }, key())],
    ['missing role', (c) => forgeToken(HS256, without(c, 'role'), key())],
    ['unknown role', (c) => forgeToken(HS256, { ...c, role: 'admin' }, key())],
    [
      'role in another case',
      (c) => forgeToken(HS256, { ...c, role: String(c.role).toUpperCase() }, key()),
    ],
    [
      'tampered payload (signature of the original)',
      (c) => {
        const [header, , signature] = forgeToken(HS256, c, key()).split('.');
        return `${header}.${b64url({ ...c, sub: 'someone-else', channelId: 2 })}.${signature}`;
      },
    ],
    [
      'tampered header',
      (c) => {
        const [, payload, signature] = forgeToken(HS256, c, key()).split('.');
        return `${b64url({ alg: 'HS256', typ: 'JWT', kid: 'x' })}.${payload}.${signature}`;
      },
    ],
    [
      'stripped signature, trailing dot',
      (c) => forgeToken(HS256, c, key()).replace(/\.[^.]+$/, '.'),
    ],
    ['stripped signature, two parts', (c) => forgeToken(HS256, c, key()).replace(/\.[^.]+$/, '')],
    ['truncated signature', (c) => forgeToken(HS256, c, key()).slice(0, -4)],
    [
      'flipped signature bit',
      (c) => {
        const token = forgeToken(HS256, c, key());
        const last = token.at(-2) === 'A' ? 'B' : 'A';
        return `${token.slice(0, -2)}${last}${token.at(-1)}`;
      },
    ],
    [
      'kid pointing elsewhere, another key',
      (c) => forgeToken({ ...HS256, kid: '../../dev/null' }, c, 'attacker-key'),
    ],
    [
      'jku pointing elsewhere, another key',
      (c) => forgeToken({ ...HS256, jku: 'http://127.0.0.1:9/jwks.json' }, c, 'attacker-key'),
    ],
    [
      'x5u pointing elsewhere, another key',
      (c) => forgeToken({ ...HS256, x5u: 'http://127.0.0.1:9/cert.pem' }, c, 'attacker-key'),
    ],
    [
      'embedded jwk, another key',
      (c) =>
        forgeToken({ ...HS256, jwk: { kty: 'oct', k: b64url('attacker-key') } }, c, 'attacker-key'),
    ],
    ['five parts (JWE shape)', (c) => `${forgeToken(HS256, c, key())}.x.y`],
    ['not base64', () => '!!!.@@@.###'],
    ['garbage', () => 'x.y.z'],
    ['JSON array payload', () => forgeToken(HS256, [] as unknown as Record<string, unknown>, 'k')],
    ['8 KiB of nonsense', () => 'a'.repeat(8192)],
  ];

  const endpointsFor = (claims: 'shopper' | 'merchant'): [Endpoint, Record<string, unknown>][] =>
    claims === 'merchant'
      ? [
          [CREATE, merchantClaims()],
          ...CHECKOUT_ENDPOINTS.map((e): [Endpoint, Record<string, unknown>] => [
            e,
            merchantClaims(),
          ]),
        ]
      : CHECKOUT_ENDPOINTS.map((e) => [e, shopperClaims()]);

  it.each(cases)('%s: 401 on every endpoint, nothing changes', async (_name, build) => {
    const before = await databaseFingerprint(t);
    for (const who of ['shopper', 'merchant'] as const) {
      for (const [endpoint, claims] of endpointsFor(who)) {
        const response = await call(t, endpoint, target, build(claims));
        tally.add(response.statusCode);
        expectProblem(response, 401, endpoint.path(target));
        expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      }
    }
    expect(await databaseFingerprint(t)).toEqual(before);
  });

  it('no token, a token in the query string, or another scheme: 401 with a plain Bearer challenge', async () => {
    const token = forgeToken(HS256, shopperClaims(), key());
    for (const endpoint of CHECKOUT_ENDPOINTS) {
      for (const query of ['', `?access_token=${token}`]) {
        const response = await t.request(endpoint.method, endpoint.path(target) + query, {
          body: endpoint.body?.(target),
        });
        tally.add(response.statusCode);
        expectProblem(response, 401, endpoint.path(target));
        expect(response.headers['www-authenticate']).toBe('Bearer');
      }
      // A token in the body or a cookie is not read either.
      const cookie = await t.request(endpoint.method, endpoint.path(target), {
        body: endpoint.body?.(target),
        headers: { cookie: `access_token=${token}` },
      });
      tally.add(cookie.statusCode);
      expectProblem(cookie, 401);
    }
    // A presented but unusable Authorization header is an invalid token.
    for (const authorization of [
      `Basic ${token}`,
      'Bearer',
      'Bearer ',
      `Bearer ${token} ${token}`,
      token,
    ]) {
      const response = await t.request('GET', CHECKOUT_ENDPOINTS[0]!.path(target), {
        headers: { authorization },
      });
      tally.add(response.statusCode);
      expectProblem(response, 401);
      expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    }
  });

  it('controls: the configured key is the only key, whatever kid/jku/x5u say; skew within the leeway is tolerated', async () => {
    const get = CHECKOUT_ENDPOINTS[0]!;
    const accepted: [string, string][] = [
      ['plain', forgeToken(HS256, shopperClaims(), key())],
      [
        'kid elsewhere, configured key',
        forgeToken({ ...HS256, kid: 'http://127.0.0.1:9/k' }, shopperClaims(), key()),
      ],
      [
        'jku elsewhere, configured key',
        forgeToken({ ...HS256, jku: 'http://127.0.0.1:9/jwks.json' }, shopperClaims(), key()),
      ],
      [
        'x5u elsewhere, configured key',
        forgeToken({ ...HS256, x5u: 'http://127.0.0.1:9/c.pem' }, shopperClaims(), key()),
      ],
      [
        'expired within the leeway',
        forgeToken(HS256, shopperClaims({ exp: nowSeconds() - 5 }), key()),
      ],
      ['iat slightly ahead', forgeToken(HS256, shopperClaims({ iat: nowSeconds() + 5 }), key())],
      ['nbf slightly ahead', forgeToken(HS256, shopperClaims({ nbf: nowSeconds() + 5 }), key())],
      ['lower-case scheme', forgeToken(HS256, shopperClaims(), key())],
    ];
    for (const [name, token] of accepted) {
      const headers =
        name === 'lower-case scheme' ? { authorization: `bearer ${token}` } : undefined;
      const response = await call(t, get, target, headers ? undefined : token, headers);
      tally.add(response.statusCode);
      expect({ name, status: response.statusCode }).toEqual({ name, status: 200 });
    }
  });
});
