import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask } from '../../periodic-task';
import { StatementRunner } from '../../persistence/statement-runner';

const HOUR_MS = 60 * 60 * 1000;

/** Deletes Idempotency-Key records once they are past their 24 hours. */
@Injectable()
export class IdempotencyKeyPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencyKeyPruner.name);
  private readonly task = new PeriodicTask(
    () => this.prune(),
    (error) => this.logger.warn({ err: error }, 'could not prune idempotency keys; will retry'),
  );

  constructor(private readonly statements: StatementRunner) {}

  onApplicationBootstrap(): void {
    this.task.start(HOUR_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  async prune(): Promise<number> {
    const rows = await this.statements.query(
      `DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours' RETURNING key`,
    );
    return rows.length;
  }
}
