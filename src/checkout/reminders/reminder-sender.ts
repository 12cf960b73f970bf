import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../../shared/domain/clock';
import { PeriodicTask } from '../../shared/periodic-task';
import { ReminderMetrics } from './reminder-metrics';
import { ReminderStore } from './reminder-store';

/** How often each instance looks for due reminders: they go out within about this long. */
export const REMINDER_POLL_MS = 1000;
const BATCH = 200;

/**
 * Sends the abandoned-cart reminders that fall due, in every instance: each batch is claimed with
 * SKIP LOCKED, so instances share the work and never send one reminder twice.
 */
@Injectable()
export class ReminderSender implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReminderSender.name);
  private readonly task = new PeriodicTask(
    () => this.drain(),
    (error) => this.logger.warn(`Reminders not sent this round: ${error.message}`),
  );

  constructor(
    private readonly store: ReminderStore,
    private readonly clock: Clock,
    private readonly metrics: ReminderMetrics,
  ) {
    metrics.readScheduleFrom(() => store.counts(this.clock.now()));
  }

  onApplicationBootstrap(): void {
    this.task.start(REMINDER_POLL_MS);
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** Sends everything due now, batch after batch; returns how many reminders it sent. */
  sendDue(): Promise<number> {
    return this.task.run();
  }

  private async drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const { claimed, events } = await this.store.sendDue(this.clock.now(), BATCH);
      sent += events.length;
      this.metrics.sent(events.length);
      if (claimed < BATCH) return sent;
    }
  }
}
