/**
 * OWASP API4 (unrestricted resource consumption): oversized, deeply nested and over-long input is
 * refused early with a 4xx, slow clients are cut off, each token (or IP, without one) has a request
 * budget, and 10,000 oversized requests leave no lasting memory behind. 0 5xx throughout.
 */
import { connect, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  aContactBody,
  anAddressBody,
  billingPath,
  checkoutPath,
  checkoutWithAddress,
  CONTACT,
  expectProblem,
} from '../support/checkout-api';
import { databaseFingerprint, StatusTally } from '../support/security';
import { TestApp, uniqueShopper } from '../support/test-app';
import { record } from '../reliability/support/report';

const OVERSIZED_REQUESTS = Number(process.env.SECURITY_OVERSIZED_REQUESTS ?? 10_000);
const RATE_LIMIT = 5;
const RATE_WINDOW_SECONDS = 2;
const TIMEOUTS = {
  headersTimeoutMs: 1000,
  requestTimeoutMs: 2000,
  idleTimeoutMs: 3000,
  checkIntervalMs: 200,
};

describe('resource consumption', () => {
  let t: TestApp;
  let port: number;
  let checkout: { id: string; addressId: string; token: string };
  const tally = new StatusTally();
  const figures: string[] = [];

  beforeAll(async () => {
    process.env.RATE_LIMIT_MAX = String(RATE_LIMIT);
    process.env.RATE_LIMIT_WINDOW_SECONDS = String(RATE_WINDOW_SECONDS);
    process.env.RATE_LIMIT_MERCHANT_MAX = '100000';
    t = await TestApp.startIsolated(TIMEOUTS);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    checkout = await checkoutWithAddress(t, uniqueShopper('resource'));
  });
  afterAll(async () => {
    record('security: resource consumption', {
      requests: tally.total,
      statuses: tally.toString(),
      '5xx': tally.serverErrors,
      ...Object.fromEntries(figures.map((figure, index) => [`figure${index + 1}`, figure])),
    });
    console.log(
      `resource consumption: ${tally.total} requests, statuses ${tally.toString()}, 5xx: ${tally.serverErrors}\n  ${figures.join('\n  ')}`,
    );
    await t.close();
  });

  const json = { 'content-type': 'application/json' };
  /** Merchants have a large budget here; shoppers and anonymous callers have RATE_LIMIT. */
  const merchant = () => t.merchant(1);
  async function send(
    method: string,
    path: string,
    payload: string | Buffer,
    token = merchant(),
    headers = json,
  ) {
    const response = await t.request(method, path, { token, payload, headers });
    tally.add(response.statusCode);
    return response;
  }

  // First, while the process is fresh: RSS in a shared test process is noisy after big bodies.
  describe('memory', () => {
    it(`${OVERSIZED_REQUESTS} oversized requests: heap and RSS grow by less than 50 MB`, async () => {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      const settle = async () => {
        for (let i = 0; i < 3; i += 1) {
          gc();
          await new Promise((resolve) => setImmediate(resolve));
        }
        return process.memoryUsage();
      };
      const payloads = [65 * 1024, 128 * 1024, 1024 * 1024].map((size) => Buffer.alloc(size, 'x'));
      // Mostly just over the limit, every tenth 1 MiB.
      const payload = (i: number) => payloads[i % 10 === 0 ? 2 : i % 2]!;
      // Warm up the code paths, so their one-off allocations do not count as growth.
      // In-process, RSS also holds what the allocator keeps after the first bursts: warm up until
      // it has (in a fresh process 500 were not enough: RSS rose ~50 MB to the level a process
      // that ran other files starts at, then stayed there).
      for (let i = 0; i < 3_000; i += 1)
        await send('POST', i % 2 ? '/api/checkouts' : CONTACT, payload(i));
      const before = await settle();
      const local = new StatusTally();
      for (let i = 0; i < OVERSIZED_REQUESTS; i += 1) {
        const response = await t.request('POST', i % 2 ? '/api/checkouts' : CONTACT, {
          token: merchant(),
          payload: payload(i),
          headers: json,
        });
        local.add(response.statusCode);
        tally.add(response.statusCode);
        // Collect as a busy server would: otherwise RSS measures garbage V8 has not collected yet
        // (the allocator keeps those pages), not memory the service retains.
        if (i % 1000 === 999) await settle();
      }
      const after = await settle();
      const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
      const heapGrowth = mb(after.heapUsed - before.heapUsed);
      const externalGrowth = mb(after.external - before.external);
      const rssGrowth = mb(after.rss - before.rss);
      figures.push(
        `memory after ${OVERSIZED_REQUESTS} oversized requests (${local.toString()}): heapUsed ${mb(before.heapUsed)} → ${mb(after.heapUsed)} MB (${heapGrowth >= 0 ? '+' : ''}${heapGrowth}), external ${externalGrowth >= 0 ? '+' : ''}${externalGrowth} MB, rss ${mb(before.rss)} → ${mb(after.rss)} MB (${rssGrowth >= 0 ? '+' : ''}${rssGrowth})`,
      );
      expect(local.counts.get(413)).toBe(OVERSIZED_REQUESTS);
      expect(heapGrowth).toBeLessThan(50);
      expect(externalGrowth).toBeLessThan(50);
      // On the embedded database, PGlite's WebAssembly memory lives in this process too and never
      // shrinks, so RSS says nothing of what the service retains; the reliability run measures the
      // service's own RSS in a process of its own.
      if (t.config.database.kind === 'postgres') expect(rssGrowth).toBeLessThan(50);
    });
  });

  describe('body size', () => {
    it.each([
      ['65 KiB', 65 * 1024],
      ['1 MiB', 1024 * 1024],
      ['10 MiB', 10 * 1024 * 1024],
    ])('%s: 413 problem details, nothing stored', async (_name, size) => {
      const before = await databaseFingerprint(t);
      const padding = 'x'.repeat(size);
      for (const [method, path] of [
        ['POST', '/api/checkouts'],
        ['POST', CONTACT],
        ['PUT', billingPath(checkout.id, checkout.addressId)],
      ]) {
        const response = await send(method!, path!, JSON.stringify({ shopperId: padding }));
        expectProblem(response, 413, path);
      }
      expect(await databaseFingerprint(t)).toEqual(before);
    });

    it('arrays of 100,000 items: 413; the largest array that fits in 64 KiB: 400 with a bounded answer', async () => {
      const items = Array.from({ length: 100_000 }, () => ({
        productId: 'p',
        name: 'n',
        quantity: 1,
        unitPrice: 1,
      }));
      const huge = await send(
        'POST',
        '/api/checkouts',
        JSON.stringify({ shopperId: 's', currency: 'USD', lineItems: items }),
      );
      expectProblem(huge, 413);
      const zeros = await send(
        'POST',
        '/api/checkouts',
        JSON.stringify({ shopperId: 's', currency: 'USD', lineItems: Array(100_000).fill(0) }),
      );
      expectProblem(zeros, 413);
      // ~30,000 items still fit: refused by validation, and the answer must not amplify the input.
      for (const lineItems of [
        Array(30_000).fill(0),
        Array(1_000).fill({ productId: 'p', name: 'n', quantity: 1, unitPrice: 1 }),
      ]) {
        const response = await send(
          'POST',
          '/api/checkouts',
          JSON.stringify({ shopperId: 's', currency: 'USD', lineItems }),
        );
        const problem = expectProblem(response, 400);
        expect(Object.keys(problem.fields ?? {})).toContain('lineItems');
        expect(response.body.length).toBeLessThan(8 * 1024);
      }
      const fields = Array(1_500).fill({ fieldId: 'f', fieldValue: 'v' });
      const custom = await send(
        'PUT',
        billingPath(checkout.id, checkout.addressId),
        JSON.stringify(anAddressBody({ customFields: fields })),
      );
      expectProblem(custom, 400);
      expect(custom.body.length).toBeLessThan(8 * 1024);
    });
  });

  describe('deeply nested JSON', () => {
    const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    it.each([10_000, 30_000])('%i levels in every position: 400, no crash', async (depth) => {
      const before = await databaseFingerprint(t);
      const bodies: [string, string, string][] = [
        ['POST', '/api/checkouts', deepArray(depth)],
        [
          'POST',
          '/api/checkouts',
          `{"shopperId":"s","currency":"USD","lineItems":${deepArray(depth)}}`,
        ],
        [
          'POST',
          '/api/checkouts',
          `{"shopperId":"s","currency":"USD","lineItems":[${JSON.stringify({ productId: 'p', name: 'n', quantity: 1, unitPrice: 1 })}],"extra":${deepObject(depth)}}`,
        ],
        [
          'POST',
          '/api/checkouts',
          `{"shopperId":${deepObject(depth)},"currency":"USD","lineItems":[]}`,
        ],
        [
          'POST',
          CONTACT,
          `{"sessionId":"${checkout.id}","firstName":${deepArray(depth)},"lastName":"D","email":"j@example.com"}`,
        ],
        [
          'PUT',
          billingPath(checkout.id, checkout.addressId),
          `{"countryCode":"US","customFields":${deepArray(depth)}}`,
        ],
        [
          'PUT',
          billingPath(checkout.id, checkout.addressId),
          `{"countryCode":"US","customFields":[${deepObject(depth)}]}`,
        ],
      ];
      for (const [method, path, payload] of bodies) {
        const response = await send(method, path, payload);
        expect({ path, status: response.statusCode }).toEqual({
          path,
          status: payload.length > 64 * 1024 ? 413 : 400,
        });
        expectProblem(response, response.statusCode);
      }
      expect(await databaseFingerprint(t)).toEqual(before);
    });
  });

  describe('strings', () => {
    const contact = (field: string, value: string) =>
      ['POST', CONTACT, aContactBody(checkout.id, { [field]: value })] as const;
    const address = (field: string, value: string) =>
      [
        'PUT',
        billingPath(checkout.id, checkout.addressId),
        anAddressBody({ [field]: value }),
      ] as const;
    const create = (field: string, value: string) => {
      const item: Record<string, unknown> = {
        productId: 'p',
        name: 'n',
        quantity: 1,
        unitPrice: 1,
      };
      const body: Record<string, unknown> = { shopperId: 's', currency: 'USD', lineItems: [item] };
      if (field.startsWith('lineItems[0].')) item[field.slice(13)] = value;
      else body[field] = value;
      return ['POST', '/api/checkouts', body] as const;
    };
    const custom = (field: string, value: string) => {
      const entry = {
        fieldId: 'f',
        fieldValue: 'v',
        [field.replace('customFields[0].', '')]: value,
      };
      return [
        'PUT',
        billingPath(checkout.id, checkout.addressId),
        anAddressBody({ customFields: [entry] }),
      ] as const;
    };
    const limits: [
      string,
      number,
      (field: string, value: string) => readonly [string, string, unknown],
    ][] = [
      ['shopperId', 255, create],
      ['lineItems[0].productId', 255, create],
      ['lineItems[0].name', 255, create],
      ...(
        [
          'firstName',
          'lastName',
          'addressLine1',
          'addressLine2',
          'city',
          'state',
          'country',
        ] as const
      ).map((f): [string, number, typeof contact] => [f, 255, contact]),
      ['phone', 50, contact],
      ['postCode', 30, contact],
      ...(
        [
          'address1',
          'address2',
          'city',
          'company',
          'country',
          'firstName',
          'lastName',
          'stateOrProvince',
        ] as const
      ).map((f): [string, number, typeof address] => [f, 255, address]),
      ['stateOrProvinceCode', 10, address],
      ['phone', 50, address],
      ['postalCode', 30, address],
      ['customFields[0].fieldId', 100, custom],
      ['customFields[0].fieldValue', 1000, custom],
    ];

    it('at max length: accepted; at max length + 1: 400 naming the field, nothing changes', async () => {
      for (const [field, max, build] of limits) {
        const [method, path, okBody] = build(field, 'x'.repeat(max));
        const ok = await send(method, path, JSON.stringify(okBody));
        expect({ field, status: ok.statusCode }).toEqual({
          field,
          status: method === 'PUT' ? 200 : method === 'POST' && path === CONTACT ? 204 : 201,
        });
        const before = await databaseFingerprint(t);
        const [, , tooLong] = build(field, 'x'.repeat(max + 1));
        const response = await send(method, path, JSON.stringify(tooLong));
        expect(Object.keys(expectProblem(response, 400).fields ?? {})).toEqual([field]);
        expect(await databaseFingerprint(t)).toEqual(before);
      }
      const local = 'x'.repeat(64);
      const longEmail = `${local.toString()}@${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.${'g'.repeat(60)}.${'h'.repeat(10)}.example.com`;
      expect(longEmail.length).toBeGreaterThan(320);
      for (const [method, path, body] of [
        contact('email', longEmail),
        address('email', longEmail),
      ]) {
        expect(
          Object.keys(
            expectProblem(await send(method, path, JSON.stringify(body)), 400).fields ?? {},
          ),
        ).toEqual(['email']);
      }
      const longAddressId = await send(
        'PUT',
        billingPath(checkout.id, 'a'.repeat(65)),
        JSON.stringify(anAddressBody()),
      );
      expect(Object.keys(expectProblem(longAddressId, 400).fields ?? {})).toEqual(['addressId']);
      const longKey = await t.request('POST', CONTACT, {
        token: merchant(),
        body: aContactBody(checkout.id),
        headers: { 'idempotency-key': 'k'.repeat(256) },
      });
      expect(Object.keys(expectProblem(longKey, 400).fields ?? {})).toEqual(['Idempotency-Key']);
      const longIfMatch = await t.request('POST', CONTACT, {
        token: merchant(),
        body: aContactBody(checkout.id),
        headers: { 'if-match': `"${'9'.repeat(5000)}"` },
      });
      expect(Object.keys(expectProblem(longIfMatch, 400).fields ?? {})).toEqual(['If-Match']);
    });

    it('NUL and bidirectional controls: 400 naming the field; zero-width characters are kept as sent', async () => {
      const evil = [
        'Ja\u0000ne',
        'Jane\u0000',
        '\u202Egnp.exe',
        'Jane\u202D',
        'a\u202Ab',
        'x\u2066y\u2069',
        'x\u2067',
        'x\u2068',
      ];
      for (const value of evil) {
        for (const [field, build] of [
          ['firstName', contact],
          ['city', address],
          ['shopperId', create],
          ['customFields[0].fieldValue', custom],
        ] as const) {
          const before = await databaseFingerprint(t);
          const [method, path, body] = build(field, value);
          const response = await send(method, path, JSON.stringify(body));
          expect({
            field,
            value: escape(value),
            errors: Object.keys(expectProblem(response, 400).fields ?? {}),
          }).toEqual({
            field,
            value: escape(value),
            errors: [field],
          });
          expect(await databaseFingerprint(t)).toEqual(before);
        }
      }
      for (const email of [
        'jane\u0000@example.com',
        '\u202Eenaj@example.com',
        'jane@exa\u202Emple.com',
      ]) {
        for (const [method, path, body] of [contact('email', email), address('email', email)]) {
          const response = await send(method, path, JSON.stringify(body));
          expect({
            email: escape(email),
            errors: Object.keys(expectProblem(response, 400).fields ?? {}),
          }).toEqual({ email: escape(email), errors: ['email'] });
        }
      }
      const nulInPath = await send('GET', `${checkoutPath('%00')}`, '');
      expectProblem(nulInPath, 400);
      // Zero-width joiners and the implicit direction marks are part of real names in some scripts.
      const kept = 'Zoe\u200D\u200C\u200B\u200F';
      const response = await send(
        'PUT',
        billingPath(checkout.id, checkout.addressId),
        JSON.stringify(anAddressBody({ firstName: kept })),
      );
      expect(response.statusCode).toBe(200);
      expect(response.json().billingAddress.firstName).toBe(kept);
    });
  });

  describe('slow clients', () => {
    /** Opens a socket and dribbles `chunks` one every `everyMs`; resolves when the server closes it. */
    function dribble(
      head: string,
      chunks: string,
      everyMs: number,
      giveUpMs = 10_000,
    ): Promise<{ closedAfterMs: number; answer: string }> {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const socket: Socket = connect(port, '127.0.0.1');
        let answer = '';
        let sent = 0;
        let timer: NodeJS.Timeout | undefined;
        const giveUp = setTimeout(() => {
          clearInterval(timer);
          socket.destroy();
          reject(new Error(`the server kept a slow client for ${giveUpMs} ms`));
        }, giveUpMs);
        socket.on('connect', () => {
          if (head) socket.write(head);
          timer = setInterval(() => {
            if (sent < chunks.length && socket.writable) socket.write(chunks[sent++]!);
          }, everyMs);
        });
        socket.on('data', (data) => (answer += data.toString('latin1')));
        socket.on('error', () => undefined);
        socket.on('close', () => {
          clearInterval(timer);
          clearTimeout(giveUp);
          resolve({ closedAfterMs: Date.now() - started, answer });
        });
      });
    }

    it('headers sent byte by byte are cut off by the headers timeout', async () => {
      const head = 'GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n';
      const { closedAfterMs, answer } = await dribble(
        head,
        `X-Slow: ${'a'.repeat(200)}\r\n\r\n`,
        50,
      );
      figures.push(
        `slow headers: cut off after ${closedAfterMs} ms (${answer.split('\r\n')[0] || 'no answer'})`,
      );
      expect(closedAfterMs).toBeLessThan(TIMEOUTS.headersTimeoutMs + 2000);
      expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
    });

    it('a body sent byte by byte is cut off by the request timeout', async () => {
      const body = JSON.stringify(aContactBody(checkout.id));
      const head = `POST ${CONTACT} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${merchant()}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
      const { closedAfterMs, answer } = await dribble(head, body, 50);
      figures.push(
        `slow body: cut off after ${closedAfterMs} ms (${answer.split('\r\n')[0] || 'no answer'})`,
      );
      expect(closedAfterMs).toBeLessThan(TIMEOUTS.requestTimeoutMs + 2000);
      expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
    });

    it('a connection that never sends anything is closed too, and the service still answers', async () => {
      const { closedAfterMs } = await dribble('', '', 1000);
      figures.push(`silent connection: closed after ${closedAfterMs} ms`);
      expect(closedAfterMs).toBeLessThan(TIMEOUTS.idleTimeoutMs + 2000);
      const live = await fetch(`http://127.0.0.1:${port}/health/live`, {
        signal: AbortSignal.timeout(5000),
      });
      expect(live.status).toBe(200);
    });
  });

  describe('rate limit', () => {
    const get = (token?: string, headers?: Record<string, string>) =>
      t
        .request('GET', checkoutPath(checkout.id), { token, headers })
        .then((r) => (tally.add(r.statusCode), r));

    it(`${RATE_LIMIT} requests per ${RATE_WINDOW_SECONDS} s per token subject, then 429 problem details with Retry-After`, async () => {
      const shopper = uniqueShopper('limited');
      const { id } = await t.createCheckout(shopper);
      const token = t.shopper(shopper);
      const path = checkoutPath(id);
      for (let i = 0; i < RATE_LIMIT; i += 1) {
        expect((await t.request('GET', path, { token })).statusCode).toBe(200);
      }
      const limited = await t.request('GET', path, { token });
      tally.add(limited.statusCode);
      const problem = expectProblem(limited, 429, path);
      expect(problem.detail).toMatch(/Too many requests/);
      const retryAfter = Number(limited.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(RATE_WINDOW_SECONDS);
      // The budget is the subject's, across endpoints and across tokens of the same subject ...
      const reissued = t.shopper(shopper, 'guest');
      expectProblem(
        await t.request('POST', CONTACT, { token: reissued, body: aContactBody(id) }),
        429,
      );
      // ... and nobody else's.
      expect((await get(checkout.token)).statusCode).toBe(200);
      expect((await get(merchant())).statusCode).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 100));
      expect((await t.request('GET', path, { token })).statusCode).toBe(200);
    });

    it('requests without a valid token spend the IP budget: 401s, then 429', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < RATE_LIMIT + 2; i += 1) {
        statuses.push((await get(i % 2 ? undefined : 'not.a.token')).statusCode);
      }
      expect(statuses).toEqual([...Array(RATE_LIMIT).fill(401), 429, 429]);
      const limited = await get();
      expectProblem(limited, 429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // A caller with a valid token is not held back by anonymous traffic from the same IP.
      expect((await get(t.shopper(uniqueShopper('fresh')))).statusCode).toBe(404);
      await new Promise((resolve) => setTimeout(resolve, RATE_WINDOW_SECONDS * 1000 + 100));
    });
  });

  it('0 5xx over the whole file', () => {
    expect(tally.serverErrors).toBe(0);
  });
});
