import { randomUUIDv7 } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { DomainEvent } from '../../shared/domain/domain-event';
import { StatementRunner } from '../../shared/persistence/statement-runner';
import { nextDueAt, reminderDue } from '../domain/abandoned-cart-reminders';
import { INSERT_OUTBOX_RECORDS, outboxRecords } from '../persistence/outbox-records';
import { OVERDUE_AFTER_SECONDS } from './reminder-metrics';
import {
  AbandonedCartCandidateData,
  CheckoutAbandoned,
  CheckoutCompletedData,
  CheckoutRecovered,
} from '../domain/checkout.events';

const CLOSE = `
  WITH closed AS (
    DELETE FROM abandoned_cart_reminders WHERE checkout_id = $1
    RETURNING reminders_sent, candidate)
  INSERT INTO outbox (id, aggregate_id, aggregate_version, type, payload, occurred_at)
  SELECT $2, $1, $3, 'checkout.CheckoutRecovered',
         $4::jsonb || jsonb_build_object('shopperId', candidate->'shopperId',
                                         'channelId', candidate->'channelId',
                                         'reminder', reminders_sent),
         $5
    FROM closed WHERE reminders_sent > 0
  RETURNING payload`;

/**
 * Due rows, each claimed by one instance: SKIP LOCKED passes over rows another instance holds, so
 * several instances drain the schedule together and never send one reminder twice.
 */
const CLAIM = `
  SELECT r.checkout_id, r.reminders_sent, r.candidate,
         c.status, c.updated_at, c.version, c.order_id
    FROM abandoned_cart_reminders r JOIN checkouts c ON c.id = r.checkout_id
   WHERE r.due_at <= $1
   ORDER BY r.due_at
   LIMIT $2
     FOR UPDATE OF r SKIP LOCKED`;

/** Asked first, outside any transaction: most rounds find nothing due and stop there. */
const ANY_DUE = 'SELECT 1 FROM abandoned_cart_reminders WHERE due_at <= $1 LIMIT 1';

const ADVANCE = `
  UPDATE abandoned_cart_reminders r
     SET reminders_sent = u.sent, last_change_at = u.changed_at, checkout_version = u.version,
         due_at = u.due_at
    FROM jsonb_to_recordset($1::jsonb)
         AS u(checkout_id uuid, sent int, changed_at timestamptz, version int, due_at timestamptz)
   WHERE r.checkout_id = u.checkout_id`;

interface ClaimedRow {
  checkout_id: string;
  reminders_sent: number;
  candidate: AbandonedCartCandidateData;
  status: string;
  updated_at: Date;
  version: number;
  order_id: number | null;
}

const COUNTS = `
  SELECT count(*)::int AS due,
         count(*) FILTER (WHERE due_at < $1::timestamptz - make_interval(secs => $2))::int AS overdue
    FROM abandoned_cart_reminders WHERE due_at IS NOT NULL`;

/** The abandoned-cart reminder schedule, in PostgreSQL: one row per checkout with an email. */
@Injectable()
export class ReminderStore {
  private readonly delays: readonly number[];

  constructor(
    private readonly statements: StatementRunner,
    private readonly dataSource: DataSource,
    private readonly eventBus: EventBus,
    config: AppConfig,
  ) {
    this.delays = config.reminderDelaysMs;
  }

  /** Checkouts with a reminder to come, and those whose reminder is overdue at `now`. */
  async counts(now: Date): Promise<{ due: number; overdue: number }> {
    const [row] = await this.statements.query<{ due: number; overdue: number }>(COUNTS, [
      now,
      OVERDUE_AFTER_SECONDS,
    ]);
    return row ?? { due: 0, overdue: 0 };
  }

  /** Ends a completed checkout's schedule; CheckoutRecovered when a reminder had gone out. */
  async close(
    checkoutId: string,
    version: number,
    completedAt: Date,
    order: Pick<CheckoutCompletedData, 'orderId' | 'grandTotal' | 'currency'>,
  ): Promise<void> {
    // The event's data is completed by the statement (shopper and reminder come from the
    // schedule it deletes), so its id is chosen first and the event made from what it returns.
    const eventId = randomUUIDv7();
    const [row] = await this.statements.query<{ payload: CheckoutRecovered['data'] }>(CLOSE, [
      checkoutId,
      eventId,
      version,
      JSON.stringify({
        checkoutId,
        orderId: order.orderId,
        cartAmount: order.grandTotal,
        currency: order.currency,
      }),
      completedAt,
    ]);
    if (!row) return;
    const recovered = new CheckoutRecovered(checkoutId, version, completedAt, row.payload, eventId);
    this.statements.committed([recovered]);
  }

  /**
   * Sends what is due at `now`, at most `limit` checkouts, in one transaction: the claim, the
   * events in the outbox and the schedule's new state commit together or not at all, so a crash
   * can neither lose a reminder nor send one twice. Returns how many checkouts it handled.
   */
  async sendDue(now: Date, limit: number): Promise<{ claimed: number; events: DomainEvent[] }> {
    const due: unknown[] = await this.dataSource.query(ANY_DUE, [now]);
    if (due.length === 0) return { claimed: 0, events: [] };
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const events: DomainEvent[] = [];
    try {
      await runner.startTransaction();
      const rows = (await runner.query(CLAIM, [now, limit])) as ClaimedRow[];
      const advanced: Record<string, unknown>[] = [];
      const closed: ClaimedRow[] = [];
      for (const row of rows) {
        if (row.status !== 'open') {
          closed.push(row);
          continue;
        }
        // The checkout row is the truth about its last change, should an activity command have
        // been lost with its process.
        const schedule = { sent: row.reminders_sent, lastChangeAt: new Date(row.updated_at) };
        const reminder = reminderDue(schedule, this.delays, now);
        if (reminder !== null) events.push(this.abandoned(row, reminder, now));
        const sent = reminder ?? row.reminders_sent;
        advanced.push({
          checkout_id: row.checkout_id,
          sent,
          changed_at: schedule.lastChangeAt.toISOString(),
          version: row.version,
          due_at: nextDueAt({ ...schedule, sent }, this.delays)?.toISOString() ?? null,
        });
      }
      if (advanced.length > 0) await runner.query(ADVANCE, [JSON.stringify(advanced)]);
      if (events.length > 0) {
        await runner.query(INSERT_OUTBOX_RECORDS, [outboxRecords(events)]);
      }
      await runner.commitTransaction();
      // A checkout completed while its CloseReminders command was lost: closed here, outside the
      // claim (the close takes the row lock itself).
      for (const row of closed) {
        await this.close(row.checkout_id, row.version, now, {
          orderId: row.order_id ?? 0,
          grandTotal: row.candidate.cartAmount,
          currency: row.candidate.currency,
        });
      }
      if (events.length > 0) this.eventBus.publishAll(events);
      return { claimed: rows.length, events };
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  private abandoned(row: ClaimedRow, reminder: number, now: Date): CheckoutAbandoned {
    const { candidate } = row;
    return new CheckoutAbandoned(row.checkout_id, row.version, now, {
      checkoutId: row.checkout_id,
      shopperId: candidate.shopperId,
      channelId: candidate.channelId,
      email: candidate.email,
      firstName: candidate.firstName,
      lastName: candidate.lastName,
      cartAmount: candidate.cartAmount,
      currency: candidate.currency,
      reminder,
      lastActivityAt: new Date(row.updated_at).toISOString(),
    });
  }
}
