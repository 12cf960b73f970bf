/**
 * OWASP API4 (unrestricted resource consumption) across instances: with REDIS_URL every instance
 * spends one request budget per caller, shared through Redis; without it each instance has its own
 * (the control). A Redis that is down fails no request and not the readiness probe: each instance
 * then counts its own budgets.
 */
import { randomUUID } from 'node:crypto';
import { ThrottlerStorage } from '@nestjs/throttler';
import { Redis } from 'ioredis';
import { REDIS_KEY_PREFIX } from '../../src/shared/http/rate-limit/redis-throttler.storage';
import { checkoutPath, expectProblem } from '../support/checkout-api';
import { closedRedisUrl, describeWithRedis, REDIS_TEST_URL } from '../support/redis';
import { TestApp, uniqueShopper } from '../support/test-app';

const LIMIT = 5;
const WINDOW_SECONDS = 30;
const LIMITS = { RATE_LIMIT_MAX: String(LIMIT), RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS) };

/** A checkout nobody has: every instance answers 404 (on any database) until the budget is spent. */
const path = checkoutPath(randomUUID());

/** `count` reads by one caller, taking turns between the instances; their statuses. */
async function alternate(instances: TestApp[], token: string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i += 1) {
    statuses.push(
      (await instances[i % instances.length]!.request('GET', path, { token })).statusCode,
    );
  }
  return statuses;
}

function expectRateLimited(response: Awaited<ReturnType<TestApp['request']>>): void {
  const problem = expectProblem(response, 429, path);
  expect(problem.detail).toMatch(/Too many requests/);
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
}

describeWithRedis('rate limit shared through Redis (REDIS_URL)', () => {
  const env = { ...LIMITS, REDIS_URL: REDIS_TEST_URL };
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await TestApp.start({}, env);
    b = await TestApp.start({}, env);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it(`requests alternating between two instances reach 429 after ${LIMIT} in total, with Retry-After`, async () => {
    const token = a.shopper(uniqueShopper('shared'));
    expect(await alternate([a, b], token, LIMIT)).toEqual(Array(LIMIT).fill(404));
    expectRateLimited(await b.request('GET', path, { token }));
    expectRateLimited(await a.request('GET', path, { token }));
  });

  it('a different shopper still has a budget of its own', async () => {
    const spent = a.shopper(uniqueShopper('spent'));
    await alternate([a, b], spent, LIMIT + 1);
    const other = b.shopper(uniqueShopper('other'));
    expect(await alternate([b, a], other, LIMIT + 1)).toEqual([...Array(LIMIT).fill(404), 429]);
  });

  it(`keeps every key it writes under ${REDIS_KEY_PREFIX}`, async () => {
    const shopper = uniqueShopper('prefixed');
    await alternate([a, b], a.shopper(shopper), 2);
    const redis = new Redis(REDIS_TEST_URL);
    try {
      const keys = await redis.keys(`*${shopper}*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(key.startsWith(REDIS_KEY_PREFIX)).toBe(true);
    } finally {
      await redis.quit();
    }
  });

  it('closes its Redis connection when the app shuts down', async () => {
    const t = await TestApp.start({}, env);
    const storage = t.app.get<{ connectionStatus: string }>(ThrottlerStorage);
    expect(storage.connectionStatus).toBe('ready');
    await t.close();
    expect(storage.connectionStatus).toBe('end');
  });
});

describe('rate limit without REDIS_URL: a budget per instance (the control)', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    // An empty value is unset, whatever the environment of the run holds.
    a = await TestApp.start({}, { ...LIMITS, REDIS_URL: '' });
    b = await TestApp.start({}, { ...LIMITS, REDIS_URL: '' });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it(`two instances allow ${LIMIT} each`, async () => {
    const token = a.shopper(uniqueShopper('per-instance'));
    expect(await alternate([a, b], token, 2 * LIMIT)).toEqual(Array(2 * LIMIT).fill(404));
    expectRateLimited(await a.request('GET', path, { token }));
    expectRateLimited(await b.request('GET', path, { token }));
  });
});

describe('rate limit with REDIS_URL while Redis is down', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({}, { ...LIMITS, REDIS_URL: await closedRedisUrl() });
  });
  afterAll(() => t?.close());

  it("starts, stays ready, and limits with the instance's own budget", async () => {
    const ready = await t.request('GET', '/health/ready');
    expect(ready.statusCode).toBe(200);
    expect(Object.keys(ready.json().details)).toEqual(['database']);
    const token = t.shopper(uniqueShopper('redis-down'));
    expect(await alternate([t], token, LIMIT)).toEqual(Array(LIMIT).fill(404));
    expectRateLimited(await t.request('GET', path, { token }));
  });
});
