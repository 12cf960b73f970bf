import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../shared/domain/clock';
import { PeriodicTask } from '../../shared/periodic-task';
import { RetentionMetrics } from './retention-metrics';
import { RetentionStore } from './retention-store';

/** 1,024 pages (8 MiB): one claim reads at most this much of the table. */
const RANGE_PAGES = 1024;
/** Checkouts deleted per transaction: row locks held for a few milliseconds, not seconds. */
const BATCH = 200;
const SECOND_MS = 1000;
const HOUR_MS = 3600 * SECOND_MS;

/**
 * How often each instance walks the checkouts table: a twentieth of the retention, between a
 * second and an hour. A checkout is deleted within about that long after it expires; a walk
 * reads the whole table once (sequentially, by page range), so hourly is cheap even for millions.
 */
export const sweepIntervalMs = (retentionMs: number): number =>
  Math.min(HOUR_MS, Math.max(SECOND_MS, Math.floor(retentionMs / 20)));

/**
 * Deletes checkouts not changed for CHECKOUT_RETENTION, in every instance: each batch is claimed
 * with SKIP LOCKED, so instances share the work and never expire (or announce) a checkout twice.
 */
@Injectable()
export class RetentionSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RetentionSweeper.name);
  private readonly retentionMs: number;
  private readonly task = new PeriodicTask(
    () => this.walk(),
    (error) => this.logger.warn(`Expired checkouts not deleted this round: ${error.message}`),
  );

  constructor(
    private readonly store: RetentionStore,
    private readonly clock: Clock,
    private readonly metrics: RetentionMetrics,
    config: AppConfig,
  ) {
    this.retentionMs = config.checkoutRetentionMs;
  }

  onApplicationBootstrap(): void {
    this.task.start(sweepIntervalMs(this.retentionMs));
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** Walks the whole table once; returns how many checkouts it expired. */
  sweep(): Promise<number> {
    return this.task.run();
  }

  private async walk(): Promise<number> {
    const startedAt = performance.now();
    const pages = await this.store.pages();
    let expired = 0;
    for (let from = 0; from < pages; from += RANGE_PAGES) {
      const range = { from, to: from + RANGE_PAGES };
      for (;;) {
        const now = this.clock.now();
        const cutoff = new Date(now.getTime() - this.retentionMs);
        const { claimed, events } = await this.store.expire(range, cutoff, now, BATCH);
        expired += events.length;
        this.metrics.expiredCheckouts(events.length);
        if (claimed < BATCH) break;
      }
    }
    this.metrics.swept((performance.now() - startedAt) / 1000, this.clock.now());
    return expired;
  }
}
