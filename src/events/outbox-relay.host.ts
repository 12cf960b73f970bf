import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { PeriodicTask } from '../shared/periodic-task';
import { SessionQuery } from '../shared/persistence/advisory-lock';
import { maintainOutboxPartitions } from '../shared/persistence/outbox-partitions';
import { ReadinessChecks } from '../shared/readiness/readiness-checks';
import { OutboxRelay } from './outbox-relay';
import { OutboxRelayMetrics } from './outbox-relay.metrics';
import { pending } from './outbox-store';

const MAINTAIN_EVERY_MS = 10 * 60_000;

/**
 * Runs the outbox relay in this instance when NATS_URL is set. Without it events stay in the
 * outbox table and the in-process EventBus, and the broker is not part of readiness.
 *
 * Every instance, relay or not, keeps the outbox's partitions (outbox-partitions.ts): the
 * migrations at start create the coming days'; then, every few minutes in the background, it
 * creates them again and drops those whose rows were all published longer ago than
 * OUTBOX_RETENTION_HOURS.
 */
@Injectable()
export class OutboxRelayHost implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  readonly relay?: OutboxRelay;
  private subscription?: Subscription;
  private readonly logger = new Logger('OutboxPartitions');
  private readonly retentionHours: number;
  /** A failure is logged and retried on the next run: the partitions made ahead leave days. */
  private readonly maintenance = new PeriodicTask(
    () => this.onOwnSession((query) => this.maintain(query)),
    (error) => this.logger.warn(`Partition maintenance failed, retrying later: ${String(error)}`),
  );

  constructor(
    config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly eventBus: EventBus,
    private readonly readiness: ReadinessChecks,
    readonly metrics: OutboxRelayMetrics,
  ) {
    metrics.readPendingFrom(() => pending((sql, params) => dataSource.query(sql, params)));
    this.retentionHours = config.outbox.retentionHours;
    if (!config.natsUrl) return;
    this.relay = new OutboxRelay(
      dataSource,
      {
        natsUrl: config.natsUrl,
        ...config.outbox,
        stream: config.stream,
        database: config.database,
      },
      metrics,
    );
  }

  onModuleInit(): void {
    const relay = this.relay;
    if (relay) this.readiness.register('broker', () => relay.check());
  }

  onApplicationBootstrap(): void {
    this.maintenance.start(MAINTAIN_EVERY_MS, true);
    if (!this.relay) return;
    // The EventBus sees each write's events right after its commit: the prompt wake-up signal.
    const relay = this.relay;
    this.subscription = this.eventBus.subscribe(() => relay.wake());
    relay.start();
  }

  /** Before the database closes (that happens in onApplicationShutdown). */
  async onModuleDestroy(): Promise<void> {
    this.subscription?.unsubscribe();
    await this.relay?.stop();
    await this.maintenance.stop();
  }

  private async maintain(query: SessionQuery): Promise<void> {
    const { created, dropped } = await maintainOutboxPartitions(query, this.retentionHours);
    this.metrics.partitionsDropped(dropped.length);
    if (created.length + dropped.length > 0) {
      this.logger.log(`Created [${created.join(', ')}], dropped [${dropped.join(', ')}]`);
    }
  }

  /** On one connection throughout: the maintenance's advisory lock is the session's. */
  private async onOwnSession<T>(work: (query: SessionQuery) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      return await work((sql, params) => runner.query(sql, params));
    } finally {
      await runner.release();
    }
  }
}
