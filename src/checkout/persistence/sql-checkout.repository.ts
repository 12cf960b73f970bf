import { Injectable } from '@nestjs/common';
import { ConcurrentModificationError } from '../../shared/domain/domain-error';
import { StatementRunner } from '../../shared/persistence/statement-runner';
import { Checkout } from '../domain/checkout';
import { AppConfig } from '../../config/app-config';
import { AbandonedCartCandidate } from '../domain/checkout.events';
import { CheckoutNotFoundError } from '../domain/checkout.errors';
import { CheckoutRepository } from '../domain/checkout.repository';
import { Viewer } from '../../shared/domain/viewer';
import {
  BILLING_COLUMN_NAMES,
  CheckoutMapper,
  CheckoutRow,
  CONTACT_COLUMN_NAMES,
} from './checkout.mapper';
import { insertOutboxRecords, outboxRecords } from './outbox-records';

/** One round trip: the checkout row with its contact, billing address and line items as JSON. */
const LOAD = `
  SELECT c.id, c.version, c.channel_id, c.shopper_id, c.currency, c.status, c.order_id,
         c.announcements, c.created_at, c.updated_at,
         to_jsonb(ct) AS contact,
         to_jsonb(b) AS billing_address,
         (SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'id', li.id, 'productId', li.product_id, 'name', li.name,
                   'quantity', li.quantity, 'unitPriceMinor', li.unit_price_minor)
                   ORDER BY li.position), '[]'::jsonb)
            FROM checkout_line_items li WHERE li.checkout_id = c.id) AS line_items
    FROM checkouts c
    LEFT JOIN checkout_contacts ct ON ct.checkout_id = c.id
    LEFT JOIN checkout_billing_addresses b ON b.checkout_id = c.id
   WHERE c.id = $1`;

const LOCK = 'SELECT 1 FROM checkouts WHERE id = $1 FOR UPDATE';

const upsertChild = (table: string, parameter: string, columns: readonly string[]): string => `
  INSERT INTO ${table}
  SELECT r.* FROM written, jsonb_populate_record(NULL::${table}, ${parameter}::jsonb) r
   WHERE ${parameter}::jsonb IS NOT NULL
  ON CONFLICT (checkout_id) DO UPDATE
     SET (${columns.join(', ')}) = ROW(${columns.map((c) => `EXCLUDED.${c}`).join(', ')})`;

/**
 * A change that announced an email (re)starts its checkout's abandoned-cart reminders, in the
 * statement that writes the change: no round trip of its own, and never a change without its
 * schedule. Reminder n is due at the last change + delay n ($7, milliseconds).
 */
const scheduleReminders = `
  INSERT INTO abandoned_cart_reminders
         (checkout_id, reminders_sent, last_change_at, checkout_version, due_at, candidate)
  SELECT $1, 0, e.occurred_at, e.aggregate_version,
         e.occurred_at + ($7::bigint[])[1] * interval '1 millisecond', e.payload
    FROM written, jsonb_to_recordset($4::jsonb)
         AS e(aggregate_version int, type text, payload jsonb, occurred_at timestamptz)
   WHERE e.type = 'checkout.AbandonedCartCandidate'
  ON CONFLICT (checkout_id) DO UPDATE
     SET candidate = EXCLUDED.candidate, last_change_at = EXCLUDED.last_change_at,
         checkout_version = EXCLUDED.checkout_version,
         due_at = CASE WHEN abandoned_cart_reminders.reminders_sent < cardinality($7::bigint[])
                       THEN EXCLUDED.last_change_at + ($7::bigint[])[abandoned_cart_reminders.reminders_sent + 1]
                            * interval '1 millisecond' END`;

/** A statement that also schedules reminders: one more CTE, and the delays as $7. */
const withReminders = (statement: string): string =>
  statement.replace(
    '  SELECT count(*)::int AS written FROM written',
    `,
  reminders AS (${scheduleReminders})
  SELECT count(*)::int AS written FROM written`,
  );

/**
 * The version-checked write, its child rows and its outbox rows in ONE statement: atomic without
 * an explicit transaction, and a single round trip. Zero rows written means the stored version
 * moved since load: a concurrent change.
 */
const UPDATE = `
  WITH written AS (
    UPDATE checkouts AS c
       SET version = r.version, status = r.status, order_id = r.order_id,
           announcements = r.announcements, updated_at = r.updated_at
      FROM jsonb_populate_record(NULL::checkouts, $2::jsonb) r
     WHERE c.id = $1 AND c.version = $3
    RETURNING c.id),
  contact AS (${upsertChild('checkout_contacts', '$5', CONTACT_COLUMN_NAMES)}),
  billing AS (${upsertChild('checkout_billing_addresses', '$6', BILLING_COLUMN_NAMES)}),
  events AS (${insertOutboxRecords('$4', 'written')})
  SELECT count(*)::int AS written FROM written`;

/** A new checkout with everything it already holds, and its events: also one statement. */
const INSERT = `
  WITH written AS (
    INSERT INTO checkouts
    SELECT r.* FROM jsonb_populate_record(NULL::checkouts, $2::jsonb) r WHERE r.id = $1
    RETURNING id),
  items AS (
    INSERT INTO checkout_line_items
    SELECT r.* FROM written, jsonb_populate_recordset(NULL::checkout_line_items, $3::jsonb) r),
  contact AS (${upsertChild('checkout_contacts', '$5', CONTACT_COLUMN_NAMES)}),
  billing AS (${upsertChild('checkout_billing_addresses', '$6', BILLING_COLUMN_NAMES)}),
  events AS (${insertOutboxRecords('$4', 'written')})
  SELECT count(*)::int AS written FROM written`;

const UPDATE_WITH_REMINDERS = withReminders(UPDATE);
const INSERT_WITH_REMINDERS = withReminders(INSERT);

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
    // Lock first, then read in a new statement. A single `LOAD ... FOR UPDATE OF c` that waited
    // for a concurrent writer would return that writer's checkouts row joined with the contact and
    // billing rows of its own, older snapshot, and saving that would undo the writer's change.
    if (this.statements.locking) await this.statements.query(LOCK, [checkoutId]);
    const [row] = await this.statements.query<CheckoutRow>(LOAD, [checkoutId]);
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
    const [result] =
      checkout.storedVersion === 0
        ? await this.statements.query<{ written: number }>(
            announces ? INSERT_WITH_REMINDERS : INSERT,
            [
              checkout.id,
              json(CheckoutMapper.toRow(checkout)),
              json(CheckoutMapper.toLineItemRows(checkout)),
              events,
              json(CheckoutMapper.toContactRow(checkout)),
              json(CheckoutMapper.toBillingRow(checkout)),
              ...reminders,
            ],
          )
        : await this.statements.query<{ written: number }>(
            announces ? UPDATE_WITH_REMINDERS : UPDATE,
            [
              checkout.id,
              json(CheckoutMapper.toRow(checkout)),
              checkout.storedVersion,
              events,
              json(CheckoutMapper.toContactRow(checkout)),
              json(CheckoutMapper.toBillingRow(checkout)),
              ...reminders,
            ],
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
