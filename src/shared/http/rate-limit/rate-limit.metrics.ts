import { Module } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

/**
 * The rate limiter's Prometheus metrics. Created unregistered, as the relay's: several apps may
 * share one process in tests; whoever owns the /metrics registry adds them with `registerWith`.
 */
export class RateLimitMetrics {
  private readonly localFallbacks = new Counter({
    name: 'checkout_rate_limit_local_fallbacks_total',
    help: "Requests counted against the instance's own budget because Redis (REDIS_URL) did not answer",
    registers: [],
  });

  fellBackToLocal(): void {
    this.localFallbacks.inc();
  }

  registerWith(registry: Registry): void {
    registry.registerMetric(this.localFallbacks);
  }

  /** For tests: how many requests fell back so far. */
  async localFallbackCount(): Promise<number> {
    return (await this.localFallbacks.get()).values[0]?.value ?? 0;
  }
}

/** One RateLimitMetrics per application, for the limiter's storage and for /metrics. */
@Module({ providers: [RateLimitMetrics], exports: [RateLimitMetrics] })
export class RateLimitMetricsModule {}
