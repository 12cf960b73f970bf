import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { StatementRunner } from '../../shared/persistence/statement-runner';
import { CheckoutExpired } from '../domain/checkout.events';
import { INSERT_OUTBOX_RECORDS, outboxRecords } from '../persistence/outbox-records';

/** The table's size in pages: the sweep walks it in page ranges. */
const PAGES = `
  SELECT (pg_relation_size('checkouts') / current_setting('block_size')::int)::int AS pages`;

/**
 * Checkouts of one page range last changed before $3, locked. A TID range scan reads just those
 * pages: no index on `updated_at`, which every command changes (such an index would turn each
 * command's HOT update into one that writes every index of the row anew). SKIP LOCKED: a checkout
 * being changed right now, or expired by another instance, is not waited for.
 */
const CLAIM = `
  SELECT id FROM checkouts
   WHERE ctid >= $1::tid AND ctid < $2::tid AND updated_at < $3
   LIMIT $4
     FOR UPDATE SKIP LOCKED`;

/**
 * Their reminder schedules, locked too: a reminder being sent right now commits its
 * CheckoutAbandoned first, and the expiry below then sees that event as unpublished.
 */
const LOCK_REMINDERS = `
  SELECT 1 FROM abandoned_cart_reminders WHERE checkout_id = ANY($1::uuid[]) FOR UPDATE`;

/**
 * Deletes the claimed checkouts with everything that holds their personal data: their contact,
 * billing address, line items and reminder schedule (ON DELETE CASCADE), their published events
 * (payloads with emails and names), and the responses kept for Idempotency-Key replays. With a
 * relay ($2), a checkout with an event still unpublished is kept for a later sweep: its events
 * reach the broker first, in order. Without one (no NATS_URL) nothing would ever publish them:
 * they go with it.
 */
const EXPIRE = `
  WITH expired AS (
    DELETE FROM checkouts c
     WHERE c.id = ANY($1::uuid[])
       AND NOT ($2::boolean AND EXISTS (SELECT 1 FROM outbox o
                                WHERE o.aggregate_id = c.id AND o.published_at IS NULL))
    RETURNING c.id, c.version, c.shopper_id, c.channel_id, c.updated_at),
  events AS (DELETE FROM outbox o USING expired e WHERE o.aggregate_id = e.id),
  replays AS (DELETE FROM idempotency_keys k USING expired e WHERE k.resource_id = e.id)
  SELECT id, version, shopper_id, channel_id, updated_at FROM expired`;

interface ExpiredRow {
  id: string;
  version: number;
  shopper_id: string;
  channel_id: number;
  updated_at: Date;
}

/** A range of the checkouts table's pages, [from, to). */
export interface PageRange {
  from: number;
  to: number;
}

/** Checkout retention in PostgreSQL: finds, deletes and announces expired checkouts. */
@Injectable()
export class RetentionStore {
  /** Events reach a broker (NATS_URL is set): a checkout waits for its events to be published. */
  private readonly relayed: boolean;

  constructor(
    private readonly statements: StatementRunner,
    config: AppConfig,
  ) {
    this.relayed = config.natsUrl !== undefined;
  }

  async pages(): Promise<number> {
    const [row] = await this.statements.query<{ pages: number }>(PAGES);
    return row?.pages ?? 0;
  }

  /**
   * Expires at most `limit` checkouts of `range` last changed before `cutoff`, in one transaction
   * with their CheckoutExpired events in the outbox. Returns how many it claimed (a full batch
   * means the range may hold more) and the events.
   */
  async expire(
    range: PageRange,
    cutoff: Date,
    now: Date,
    limit: number,
  ): Promise<{ claimed: number; events: CheckoutExpired[] }> {
    return this.statements.transaction(async () => {
      const claimed = await this.statements.query<{ id: string }>(CLAIM, [
        `(${range.from},0)`,
        `(${range.to},0)`,
        cutoff,
        limit,
      ]);
      if (claimed.length === 0) return { claimed: 0, events: [] };
      const ids = claimed.map((row) => row.id);
      await this.statements.query(LOCK_REMINDERS, [ids]);
      const expired = await this.statements.query<ExpiredRow>(EXPIRE, [ids, this.relayed]);
      const events = expired.map(
        (row) =>
          new CheckoutExpired(row.id, row.version + 1, now, {
            checkoutId: row.id,
            shopperId: row.shopper_id,
            channelId: row.channel_id,
            lastActivityAt: new Date(row.updated_at).toISOString(),
          }),
      );
      if (events.length > 0) {
        await this.statements.query(INSERT_OUTBOX_RECORDS, [outboxRecords(events)]);
        this.statements.committed(events);
      }
      return { claimed: claimed.length, events };
    });
  }
}
