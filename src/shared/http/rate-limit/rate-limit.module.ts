import { ExecutionContext, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { Viewer } from '../../domain/viewer';
import { AppConfig } from '../../../config/app-config';
import { FixedWindowThrottlerStorage } from './fixed-window.storage';
import { RateLimitMetrics, RateLimitMetricsModule } from './rate-limit.metrics';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/**
 * The request budgets of RateLimitGuard. With REDIS_URL, the instances share them through Redis;
 * without, each instance counts its own in memory (N instances allow N times the limit in total,
 * which is fine for a limit meant to stop runaway clients, not to meter). The choice is made once
 * here: without REDIS_URL the request path is the in-memory storage alone.
 */
@Module({
  imports: [
    RateLimitMetricsModule,
    ThrottlerModule.forRootAsync({
      imports: [RateLimitMetricsModule],
      inject: [AppConfig, RateLimitMetrics],
      useFactory: ({ rateLimit, redisUrl }: AppConfig, metrics: RateLimitMetrics) => ({
        // Retry-After on 429 only; no X-RateLimit-* headers on every response.
        setHeaders: false,
        storage: redisUrl
          ? new RedisThrottlerStorage(redisUrl, metrics)
          : new FixedWindowThrottlerStorage(),
        throttlers: [
          {
            ttl: rateLimit.windowSeconds * 1000,
            limit: (context: ExecutionContext) =>
              context.switchToHttp().getRequest<{ user?: Viewer }>().user?.role === 'merchant'
                ? rateLimit.merchantMax
                : rateLimit.max,
          },
        ],
      }),
    }),
  ],
  exports: [RateLimitMetricsModule],
})
export class RateLimitModule {}
