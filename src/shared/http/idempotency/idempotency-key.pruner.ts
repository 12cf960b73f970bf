import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { StatementRunner } from '../../persistence/statement-runner';

const HOUR_MS = 60 * 60 * 1000;

/** Deletes Idempotency-Key records once they are past their 24 hours. */
@Injectable()
export class IdempotencyKeyPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private readonly logger = new Logger(IdempotencyKeyPruner.name);

  constructor(private readonly statements: StatementRunner) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.prune(), HOUR_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async prune(): Promise<number> {
    try {
      const rows = await this.statements.query(
        `DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours' RETURNING key`,
      );
      return rows.length;
    } catch (error) {
      this.logger.warn({ err: error }, 'could not prune idempotency keys; will retry');
      return 0;
    }
  }
}
