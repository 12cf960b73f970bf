import { randomUUID } from 'node:crypto';
import { createServer, Server, Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { closedRedisUrl, describeWithRedis, REDIS_TEST_URL } from '../../../../test/support/redis';
import { RateLimitMetrics } from './rate-limit.metrics';
import { REDIS_KEY_PREFIX, RedisThrottlerStorage } from './redis-throttler.storage';

const TTL = 10_000;
const LIMIT = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let warn: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

describe('RedisThrottlerStorage when Redis does not answer', () => {
  let storage: RedisThrottlerStorage | undefined;
  afterEach(async () => {
    await storage?.onApplicationShutdown();
    storage = undefined;
  });

  it('down: starts, and every instance counts its own budgets; one warning, every fallback counted', async () => {
    const url = (await closedRedisUrl()).replace('//', '//:hunter2@');
    const metrics = new RateLimitMetrics();
    storage = new RedisThrottlerStorage(url, metrics);
    const started = Date.now();
    await storage.onApplicationBootstrap();
    expect(Date.now() - started).toBeLessThan(1000);

    const records = [];
    for (let hit = 0; hit < LIMIT + 2; hit += 1) {
      records.push(await storage.increment('default:guest::a', TTL, LIMIT, TTL, 'default'));
    }
    expect(records.map((r) => [r.totalHits, r.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
      [5, true],
    ]);
    expect(records[3]!.timeToBlockExpire).toBe(TTL / 1000);
    await expect(
      storage.increment('default:guest::b', TTL, LIMIT, TTL, 'default'),
    ).resolves.toMatchObject({ totalHits: 1, isBlocked: false });

    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/Redis at 127\.0\.0\.1:\d+ does not answer/);
    expect(String(warn.mock.calls[0]![0])).not.toMatch(/hunter2/);
    expect(await metrics.localFallbackCount()).toBe(LIMIT + 3);
    const registry = new Registry();
    metrics.registerWith(registry);
    expect(await registry.metrics()).toMatch(/^checkout_rate_limit_local_fallbacks_total 6$/m);

    await storage.onApplicationShutdown();
    await sleep(10);
    expect(storage.connectionStatus).toBe('end');
  });

  it('connected but silent: a check waits for the command timeout once, then skips Redis for a while', async () => {
    const silent = await silentRedis();
    try {
      const metrics = new RateLimitMetrics();
      storage = new RedisThrottlerStorage(`redis://127.0.0.1:${silent.port}`, metrics);
      await storage.onApplicationBootstrap();
      expect(storage.connectionStatus).toBe('ready');

      let started = Date.now();
      await expect(
        storage.increment('default:guest::c', TTL, LIMIT, TTL, 'default'),
      ).resolves.toMatchObject({ totalHits: 1, isBlocked: false });
      expect(Date.now() - started).toBeGreaterThanOrEqual(200);
      started = Date.now();
      await expect(
        storage.increment('default:guest::c', TTL, LIMIT, TTL, 'default'),
      ).resolves.toMatchObject({ totalHits: 2, isBlocked: false });
      expect(Date.now() - started).toBeLessThan(100);
      expect(silent.evals()).toBe(1);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/timed out/i);
      expect(await metrics.localFallbackCount()).toBe(2);
    } finally {
      await storage?.onApplicationShutdown();
      await silent.close();
    }
  });
});

describeWithRedis('RedisThrottlerStorage on Redis', () => {
  const storages: RedisThrottlerStorage[] = [];
  let redis: Redis;
  const instance = async (): Promise<RedisThrottlerStorage> => {
    const storage = new RedisThrottlerStorage(REDIS_TEST_URL, new RateLimitMetrics());
    storages.push(storage);
    await storage.onApplicationBootstrap();
    return storage;
  };
  beforeAll(() => {
    redis = new Redis(REDIS_TEST_URL);
  });
  afterAll(async () => {
    await Promise.all(storages.map((storage) => storage.onApplicationShutdown()));
    await redis.quit();
  });

  it('shares one budget between instances, under the key prefix', async () => {
    const key = `default:guest::${randomUUID()}`;
    const [a, b] = [await instance(), await instance()];
    const hits = [];
    for (const storage of [a, b, a, b])
      hits.push(await storage.increment(key, TTL, LIMIT, TTL, 'default'));
    expect(hits.map((r) => [r.totalHits, r.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
    ]);
    expect(hits[3]!.timeToBlockExpire).toBeGreaterThanOrEqual(1);
    expect(hits[3]!.timeToBlockExpire).toBeLessThanOrEqual(TTL / 1000);
    const keys = await redis.keys(`*${key.slice(-36)}*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const stored of keys) expect(stored.startsWith(REDIS_KEY_PREFIX)).toBe(true);
  });

  it('refuses until the window ends, as the in-memory storage does (not a full window from the refusal)', async () => {
    const key = `default:guest::${randomUUID()}`;
    const storage = await instance();
    const ttl = 1000;
    await storage.increment(key, ttl, 1, ttl, 'default');
    await sleep(600);
    const refused = await storage.increment(key, ttl, 1, ttl, 'default');
    expect(refused).toMatchObject({ isBlocked: true, timeToBlockExpire: 1 });
    // The window opened by the first request has ended; a block from the refusal would not have.
    await sleep(550);
    await expect(storage.increment(key, ttl, 1, ttl, 'default')).resolves.toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });
});

/**
 * A server that completes ioredis's handshake and then never answers a script: a Redis that hangs
 * (or a network that drops packets) after the connection was made.
 */
async function silentRedis(): Promise<{ port: number; evals(): number; close(): Promise<void> }> {
  let evals = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (chunk) => {
      for (const [, name] of String(chunk).matchAll(/\*\d+\r\n\$\d+\r\n([A-Za-z]+)\r\n/g)) {
        const command = name!.toLowerCase();
        if (command === 'eval') evals += 1;
        else if (command === 'info') socket.write('$11\r\nloading:0\r\n\r\n');
        else socket.write('+OK\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    evals: () => evals,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
