import { Counter, Gauge, Registry } from 'prom-client';

/**
 * Checkout retention's Prometheus metrics, created unregistered like the reminders' (several
 * apps may share one process in tests); /metrics adds them with `registerWith`.
 */
export class RetentionMetrics {
  private readonly expired = new Counter({
    name: 'checkout_checkouts_expired_total',
    help: 'Checkouts this instance deleted after CHECKOUT_RETENTION without a change (CheckoutExpired)',
    registers: [],
  });
  private readonly sweep = new Gauge({
    name: 'checkout_retention_last_sweep_seconds',
    help: "How long this instance's last walk over the checkouts table took",
    registers: [],
  });
  private readonly sweptAt = new Gauge({
    name: 'checkout_retention_last_sweep_timestamp_seconds',
    help: "When this instance's last walk over the checkouts table ended (Unix time)",
    registers: [],
  });

  expiredCheckouts(count: number): void {
    this.expired.inc(count);
  }

  swept(seconds: number, endedAt: Date): void {
    this.sweep.set(seconds);
    this.sweptAt.set(endedAt.getTime() / 1000);
  }

  registerWith(registry: Registry): void {
    for (const metric of [this.expired, this.sweep, this.sweptAt]) registry.registerMetric(metric);
  }
}
