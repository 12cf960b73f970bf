import { Injectable, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ReadinessChecks } from '../shared/readiness/readiness-checks';
import { OutboxRelay } from './outbox-relay';
import { OutboxRelayMetrics } from './outbox-relay.metrics';
import { pending } from './outbox-store';

/**
 * Runs the outbox relay in this instance when NATS_URL is set. Without it events stay in the
 * outbox table and the in-process EventBus, and the broker is not part of readiness.
 */
@Injectable()
export class OutboxRelayHost implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  readonly relay?: OutboxRelay;
  private subscription?: Subscription;

  constructor(
    config: AppConfig,
    dataSource: DataSource,
    private readonly eventBus: EventBus,
    private readonly readiness: ReadinessChecks,
    readonly metrics: OutboxRelayMetrics,
  ) {
    metrics.readPendingFrom(() => pending((sql, params) => dataSource.query(sql, params)));
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
  }
}
