import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { Redis } from 'ioredis';
import { FixedWindowThrottlerStorage } from './fixed-window.storage';
import { RateLimitMetrics } from './rate-limit.metrics';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Every key starts with it: a Redis shared with other services (and its ACLs) tells ours apart. */
export const REDIS_KEY_PREFIX = 'checkout:throttle:';

/** The most a Redis that stops answering may add to a request before the local budget decides. */
const COMMAND_TIMEOUT_MS = 250;
/** The limit of a connection attempt; start-up waits no longer for the first connection. */
const CONNECT_TIMEOUT_MS = 2000;
/** After a failed call, requests skip Redis this long: an outage must not cost each a timeout. */
const SKIP_AFTER_FAILURE_MS = 1000;
const WARNING_INTERVAL_MS = 60_000;

/**
 * Request budgets that every instance shares through Redis: the hits are counted by
 * @nest-lab/throttler-storage-redis's script, one round trip per request, under REDIS_KEY_PREFIX.
 *
 * Decided as FixedWindowThrottlerStorage decides, so limits behave the same with and without Redis:
 * a window opens at a caller's first request, and past the limit the caller is refused until that
 * window ends. The script also sets a block of its own, a full window from the first refusal and
 * renewed while the caller keeps sending past the limit; it is ignored here, because it would lock
 * a merchant backend that stays over its budget out entirely instead of serving its budget each
 * window.
 *
 * Redis is not a data store of the checkout. While it does not answer (down at start-up too), each
 * instance counts budgets on its own, as without REDIS_URL: requests never fail because of it, a
 * warning is logged at most once per WARNING_INTERVAL_MS, each such request is counted in
 * RateLimitMetrics, and /health/ready does not ask Redis.
 */
export class RedisThrottlerStorage
  implements ThrottlerStorage, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly redis: Redis;
  private readonly shared: ThrottlerStorageRedisService;
  /** Host and port only: the URL may carry a password, which must not reach the logs. */
  private readonly address: string;
  private readonly logger = new Logger('RateLimit');
  /** Until when requests skip Redis after a failure; 0 while Redis answers. */
  private skipRedisUntil = 0;
  private lastWarningAt = Number.NEGATIVE_INFINITY;
  private degraded = false;

  constructor(
    url: string,
    private readonly metrics: RateLimitMetrics,
    private readonly local = new FixedWindowThrottlerStorage(),
  ) {
    this.address = new URL(url).host;
    this.redis = new Redis(url, {
      keyPrefix: REDIS_KEY_PREFIX,
      connectionName: 'checkout-rate-limit',
      // A check fails at once while disconnected, instead of queueing until a reconnection.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: CONNECT_TIMEOUT_MS,
    });
    // Without a listener ioredis prints every failed reconnection to stderr.
    this.redis.on('error', (error: Error) => this.unavailable(error.message));
    this.redis.on('ready', () => this.available());
    this.shared = new ThrottlerStorageRedisService(this.redis);
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    if (this.skipRedisUntil !== 0) {
      if (Date.now() < this.skipRedisUntil) return this.countLocally(key, ttl, limit);
      this.skipRedisUntil = 0;
    }
    let record: ThrottlerStorageRecord;
    try {
      record = await this.shared.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      const status = this.redis.status;
      this.unavailable(status === 'ready' ? String(error) : `not connected (${status})`);
      return this.countLocally(key, ttl, limit);
    }
    // The library's record is fresh per call: corrected in place rather than copied.
    record.timeToExpire = Math.max(1, record.timeToExpire);
    record.isBlocked = record.totalHits > limit;
    record.timeToBlockExpire = record.isBlocked ? record.timeToExpire : 0;
    return record;
  }

  /** Waits for the first connection, but a Redis that is down never holds start-up up for long. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const settle = (): void => {
        clearTimeout(timer);
        this.redis.off('ready', settle).off('error', settle);
        resolve();
      };
      const timer = setTimeout(settle, CONNECT_TIMEOUT_MS);
      this.redis.once('ready', settle).once('error', settle);
    });
  }

  /** Runs after the HTTP server has drained, so no check is in flight any more. */
  /** Waits for the connection to end (at most a second), so nothing is left open after close. */
  async onApplicationShutdown(): Promise<void> {
    this.local.onApplicationShutdown();
    if (this.redis.status === 'end') return;
    const ended = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1_000);
      timer.unref();
      this.redis.once('end', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.redis.disconnect();
    await ended;
  }

  /** ioredis's connection state (`ready`, `reconnecting`, `end`...). */
  get connectionStatus(): string {
    return this.redis.status;
  }

  private countLocally(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    this.metrics.fellBackToLocal();
    return this.local.increment(key, ttl, limit);
  }

  private unavailable(reason: string): void {
    const now = Date.now();
    this.skipRedisUntil = now + SKIP_AFTER_FAILURE_MS;
    this.degraded = true;
    if (now - this.lastWarningAt < WARNING_INTERVAL_MS) return;
    this.lastWarningAt = now;
    this.logger.warn(
      `Redis at ${this.address} does not answer (${reason}): each instance counts its own rate-limit budgets until it does`,
    );
  }

  private available(): void {
    this.skipRedisUntil = 0;
    if (this.degraded) {
      this.degraded = false;
      this.logger.log(`Redis at ${this.address} answers again: rate-limit budgets are shared`);
    } else {
      this.logger.log(`Rate-limit budgets are shared through Redis at ${this.address}`);
    }
  }
}
