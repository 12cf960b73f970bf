import { Counter, Gauge, Histogram, Metric, Registry } from 'prom-client';

export interface PendingSnapshot {
  pending: number;
  oldestAgeSeconds: number;
}

/**
 * The relay's Prometheus metrics. They are created unregistered (several apps may share one
 * process in tests); whoever owns the /metrics registry adds them with `registerWith`.
 */
export class OutboxRelayMetrics {
  private pendingSource: () => Promise<PendingSnapshot> = () =>
    Promise.resolve({ pending: 0, oldestAgeSeconds: 0 });

  private readonly publishedTotal = new Counter({
    name: 'checkout_outbox_published_total',
    help: 'Events published to JetStream and acknowledged',
    labelNames: ['type'],
    registers: [],
  });
  private readonly duplicateTotal = new Counter({
    name: 'checkout_outbox_duplicate_acks_total',
    help: 'Publishes JetStream acknowledged as duplicates (a retry of an already stored event)',
    registers: [],
  });
  private readonly failureTotal = new Counter({
    name: 'checkout_outbox_publish_failures_total',
    help: 'Relay rounds that failed (broker or database unavailable); the events are retried',
    registers: [],
  });
  private readonly partitionsDroppedTotal = new Counter({
    name: 'checkout_outbox_partitions_dropped_total',
    help: 'Outbox partitions dropped once every row in them was published before the retention period',
    registers: [],
  });
  private readonly lag = new Histogram({
    name: 'checkout_outbox_publish_lag_seconds',
    help: 'Time from an event occurring to its JetStream acknowledgement',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [],
  });
  private readonly pendingGauge: Gauge;
  private readonly oldestGauge: Gauge;

  constructor() {
    // Read from the outbox at scrape time: the table, not this process, knows what is pending.
    const read = (): Promise<PendingSnapshot> => this.pendingSource();
    this.pendingGauge = new Gauge({
      name: 'checkout_outbox_pending_events',
      help: 'Outbox events not yet published to JetStream',
      registers: [],
      async collect() {
        this.set((await read()).pending);
      },
    });
    this.oldestGauge = new Gauge({
      name: 'checkout_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest unpublished outbox event (0 when none)',
      registers: [],
      async collect() {
        this.set((await read()).oldestAgeSeconds);
      },
    });
  }

  /** Where the pending gauges read from (the outbox table). */
  readPendingFrom(source: () => Promise<PendingSnapshot>): void {
    this.pendingSource = source;
  }

  published(type: string, occurredAt: Date, duplicate: boolean): void {
    this.publishedTotal.inc({ type });
    if (duplicate) this.duplicateTotal.inc();
    this.lag.observe(Math.max(0, (Date.now() - occurredAt.getTime()) / 1000));
  }

  failed(): void {
    this.failureTotal.inc();
  }

  partitionsDropped(count: number): void {
    if (count > 0) this.partitionsDroppedTotal.inc(count);
  }

  all(): Metric[] {
    return [
      this.publishedTotal,
      this.duplicateTotal,
      this.failureTotal,
      this.partitionsDroppedTotal,
      this.lag,
      this.pendingGauge,
      this.oldestGauge,
    ];
  }

  registerWith(registry: Registry): void {
    for (const metric of this.all()) registry.registerMetric(metric);
  }

  /** For tests and logs: the counters' current values. */
  async values(): Promise<{
    published: number;
    duplicates: number;
    failures: number;
    meanLagSeconds: number;
  }> {
    const total = async (counter: Counter): Promise<number> =>
      (await counter.get()).values.reduce((sum, value) => sum + value.value, 0);
    return {
      published: await total(this.publishedTotal),
      duplicates: await total(this.duplicateTotal),
      failures: await total(this.failureTotal),
      meanLagSeconds: await this.meanLag(),
    };
  }

  private async meanLag(): Promise<number> {
    const values = (await this.lag.get()).values;
    const sum = values.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0;
    const count = values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
    return count === 0 ? 0 : sum / count;
  }
}
