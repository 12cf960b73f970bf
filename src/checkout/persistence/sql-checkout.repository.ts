import { Injectable } from '@nestjs/common';
import { ConcurrentModificationError } from '../../shared/domain/domain-error';
import { StatementRunner } from '../../shared/persistence/statement-runner';
import { Checkout } from '../domain/checkout';
import { AppConfig } from '../../config/app-config';
import { AbandonedCartCandidate } from '../domain/checkout.events';
import { CheckoutNotFoundError } from '../domain/checkout.errors';
import { CheckoutRepository } from '../domain/checkout.repository';
import { Viewer } from '../../shared/domain/viewer';
import { CheckoutMapper, CheckoutRow } from './checkout.mapper';
import { insertOutboxRecords, outboxRecords } from './outbox-records';

/** A checkout is one row: its contact, billing address and line items are jsonb columns. */
const LOAD = `
  SELECT id, version, channel_id, shopper_id, currency, status, order_id, announcements,
         created_at, updated_at, contact, billing_address, line_items
    FROM checkouts
   WHERE id = $1`;

/** In a locking transaction: one table, so the row read after a wait is the one just written. */
const LOAD_FOR_UPDATE = `${LOAD}\n     FOR UPDATE`;

/**
 * A change that announced an email (re)starts its checkout's abandoned-cart reminders, in the
 * statement that writes the change: no round trip of its own, and never a change without its
 * schedule. Reminder n is due at the last change + delay n (`delays`, milliseconds).
 */
const scheduleReminders = (events: string, delays: string): string => `
  INSERT INTO abandoned_cart_reminders
         (checkout_id, reminders_sent, last_change_at, checkout_version, due_at, candidate)
  SELECT $1, 0, e.occurred_at, e.aggregate_version,
         e.occurred_at + (${delays}::bigint[])[1] * interval '1 millisecond', e.payload
    FROM written, jsonb_to_recordset(${events}::jsonb)
         AS e(aggregate_version int, type text, payload jsonb, occurred_at timestamptz)
   WHERE e.type = 'checkout.AbandonedCartCandidate'
  ON CONFLICT (checkout_id) DO UPDATE
     SET candidate = EXCLUDED.candidate, last_change_at = EXCLUDED.last_change_at,
         checkout_version = EXCLUDED.checkout_version,
         due_at = CASE WHEN abandoned_cart_reminders.reminders_sent < cardinality(${delays}::bigint[])
                       THEN EXCLUDED.last_change_at + (${delays}::bigint[])[abandoned_cart_reminders.reminders_sent + 1]
                            * interval '1 millisecond' END`;

/**
 * The checkout row and its outbox rows in ONE statement (atomic without an explicit transaction,
 * a single round trip), and with `delays` its reminder schedule too. `written` is the row
 * written: none means the stored version moved since load, a concurrent change.
 */
const writeStatement = (written: string, events: string, delays?: string): string => `
  WITH written AS (${written}),
  events AS (${insertOutboxRecords(events, 'written')})${
    delays ? `,\n  reminders AS (${scheduleReminders(events, delays)})` : ''
  }
  SELECT count(*)::int AS written FROM written`;

/** The version-checked update: $1 id, $2 the row, $3 the version loaded, $4 events, $5 delays. */
const UPDATED = `
    UPDATE checkouts AS c
       SET version = r.version, status = r.status, order_id = r.order_id,
           announcements = r.announcements, updated_at = r.updated_at, contact = r.contact,
           billing_address = r.billing_address, line_items = r.line_items
      FROM jsonb_populate_record(NULL::checkouts, $2::jsonb) r
     WHERE c.id = $1 AND c.version = $3
    RETURNING c.id`;

/** A new checkout: $1 id, $2 the row, $3 events, $4 delays. */
const INSERTED = `
    INSERT INTO checkouts
    SELECT r.* FROM jsonb_populate_record(NULL::checkouts, $2::jsonb) r WHERE r.id = $1
    RETURNING id`;

const UPDATE = writeStatement(UPDATED, '$4');
const UPDATE_WITH_REMINDERS = writeStatement(UPDATED, '$4', '$5');
const INSERT = writeStatement(INSERTED, '$3');
const INSERT_WITH_REMINDERS = writeStatement(INSERTED, '$3', '$4');

/** jsonb parameters are sent as text: pg would turn a JS array into a PostgreSQL array literal. */
const json = (value: unknown): string | null => (value === null ? null : JSON.stringify(value));

@Injectable()
export class SqlCheckoutRepository extends CheckoutRepository {
  private readonly reminderDelays: readonly number[];

  constructor(
    private readonly statements: StatementRunner,
    config: AppConfig,
  ) {
    super();
    this.reminderDelays = config.reminderDelaysMs;
  }

  async load(checkoutId: string, viewer: Viewer): Promise<Checkout> {
    const [row] = await this.statements.query<CheckoutRow>(
      this.statements.locking ? LOAD_FOR_UPDATE : LOAD,
      [checkoutId],
    );
    if (!row) throw new CheckoutNotFoundError(checkoutId);
    const checkout = CheckoutMapper.toDomain(row);
    if (!checkout.isVisibleTo(viewer)) throw new CheckoutNotFoundError(checkoutId);
    return checkout;
  }

  async save(checkout: Checkout): Promise<void> {
    await this.write(checkout);
    this.statements.committed(checkout.clearPendingEvents());
  }

  private async write(checkout: Checkout): Promise<void> {
    const events = outboxRecords(checkout.pendingEvents);
    const announces = checkout.pendingEvents.some(
      (event) => event instanceof AbandonedCartCandidate,
    );
    const reminders = announces ? [this.reminderDelays] : [];
    const row = json(CheckoutMapper.toRow(checkout));
    const [result] =
      checkout.storedVersion === 0
        ? await this.statements.query<{ written: number }>(
            announces ? INSERT_WITH_REMINDERS : INSERT,
            [checkout.id, row, events, ...reminders],
          )
        : await this.statements.query<{ written: number }>(
            announces ? UPDATE_WITH_REMINDERS : UPDATE,
            [checkout.id, row, checkout.storedVersion, events, ...reminders],
          );
    if (result?.written !== 1) throw new ConcurrentModificationError(checkout.id);
  }

  async currentVersion(checkoutId: string): Promise<number | undefined> {
    const [row] = await this.statements.query<{ version: number }>(
      'SELECT version FROM checkouts WHERE id = $1',
      [checkoutId],
    );
    return row?.version;
  }

  async nextOrderId(): Promise<number> {
    const [row] = await this.statements.query<{ id: number }>(
      `SELECT nextval('checkout_order_id_seq')::int AS id`,
    );
    return row!.id;
  }
}
