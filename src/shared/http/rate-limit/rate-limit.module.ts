import { ExecutionContext, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { Viewer } from '../../../checkout/domain/viewer';
import { AppConfig } from '../../../config/app-config';
import { FixedWindowThrottlerStorage } from './fixed-window.storage';

/**
 * The in-memory request budgets of RateLimitGuard (per instance: N instances allow N times the
 * limit in total, which is fine for a limit meant to stop runaway clients, not to meter).
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: ({ rateLimit }: AppConfig) => ({
        // Retry-After on 429 only; no X-RateLimit-* headers on every response.
        setHeaders: false,
        storage: new FixedWindowThrottlerStorage(),
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
})
export class RateLimitModule {}
