import { Counter, Gauge, Registry } from 'prom-client';

/** The overdue threshold: past the poll interval and a busy round, a reminder is late. */
export const OVERDUE_AFTER_SECONDS = 10;

/**
 * The reminders' Prometheus metrics, created unregistered like the relay's (several apps may share
 * one process in tests); /metrics adds them with `registerWith`. `due` and `overdue` are read from
 * the schedule when scraped.
 */
export class ReminderMetrics {
  private source?: () => Promise<{ due: number; overdue: number }>;
  private readonly emitted = new Counter({
    name: 'checkout_reminders_emitted_total',
    help: 'CheckoutAbandoned reminders this instance wrote to the outbox',
    registers: [],
  });
  private readonly due = new Gauge({
    name: 'checkout_reminders_scheduled',
    help: 'Checkouts with a reminder still to come',
    registers: [],
    collect: () => this.collect(),
  });
  private readonly overdue = new Gauge({
    name: 'checkout_reminders_overdue',
    help: `Checkouts whose next reminder has been due for over ${OVERDUE_AFTER_SECONDS} s`,
    registers: [],
  });

  readScheduleFrom(source: () => Promise<{ due: number; overdue: number }>): void {
    this.source = source;
  }

  sent(count: number): void {
    this.emitted.inc(count);
  }

  registerWith(registry: Registry): void {
    for (const metric of [this.emitted, this.due, this.overdue]) registry.registerMetric(metric);
  }

  private async collect(): Promise<void> {
    const snapshot = await this.source?.().catch(() => undefined);
    if (!snapshot) return;
    this.due.set(snapshot.due);
    this.overdue.set(snapshot.overdue);
  }
}
