import { MigrationInterface, QueryRunner } from 'typeorm';

/** Checkouts moved per statement: one short transaction each, a few MB of WAL. */
const BATCH = 5_000;

const CHILD_TABLES = ['checkout_contacts', 'checkout_billing_addresses', 'checkout_line_items'];

/** A checkout's contact, billing address and line items, as the new columns hold them. */
const COLUMNS_FROM_CHILD_TABLES = `
  contact = (SELECT to_jsonb(ct) - 'checkout_id' FROM checkout_contacts ct
              WHERE ct.checkout_id = c.id),
  billing_address = (SELECT to_jsonb(b) - 'checkout_id' FROM checkout_billing_addresses b
                      WHERE b.checkout_id = c.id),
  line_items = (SELECT coalesce(jsonb_agg(jsonb_build_object(
                         'id', li.id, 'productId', li.product_id, 'name', li.name,
                         'quantity', li.quantity, 'unitPriceMinor', li.unit_price_minor)
                         ORDER BY li.position), '[]'::jsonb)
                  FROM checkout_line_items li WHERE li.checkout_id = c.id)`;

/**
 * While the move runs, instances of the previous release still write the old tables: every
 * such write copies its checkout's children into the new columns, and a checkout they create
 * starts with an empty cart there (its line items follow through the same trigger).
 */
const MIRROR = [
  `CREATE OR REPLACE FUNCTION checkout_children_mirror() RETURNS trigger LANGUAGE plpgsql AS $$
   DECLARE
     moved uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.checkout_id ELSE NEW.checkout_id END;
   BEGIN
     UPDATE checkouts c SET ${COLUMNS_FROM_CHILD_TABLES} WHERE c.id = moved;
     RETURN NULL;
   END $$`,
  `CREATE OR REPLACE FUNCTION checkout_new_cart() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     NEW.line_items := coalesce(NEW.line_items, '[]'::jsonb);
     RETURN NEW;
   END $$`,
  ...CHILD_TABLES.flatMap((table) => [
    `DROP TRIGGER IF EXISTS checkout_children_mirror ON ${table}`,
    `CREATE TRIGGER checkout_children_mirror AFTER INSERT OR UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION checkout_children_mirror()`,
  ]),
  'DROP TRIGGER IF EXISTS checkout_new_cart ON checkouts',
  `CREATE TRIGGER checkout_new_cart BEFORE INSERT ON checkouts
      FOR EACH ROW EXECUTE FUNCTION checkout_new_cart()`,
];

/**
 * One batch, in id order from `$1`: only checkouts not moved yet (`line_items IS NULL`), a
 * condition PostgreSQL checks again on a row a concurrent writer changed meanwhile.
 */
const MOVE_BATCH = `
  WITH batch AS (SELECT id FROM checkouts WHERE id > $1 ORDER BY id LIMIT $2),
  moved AS (
    UPDATE checkouts c SET ${COLUMNS_FROM_CHILD_TABLES}
      FROM batch WHERE c.id = batch.id AND c.line_items IS NULL)
  SELECT id::text AS last FROM batch ORDER BY id DESC LIMIT 1`;

/**
 * The old tables' names, as read-only views over the new columns: instances of the previous
 * release, still running during a roll-out, read every checkout as it is; their writes fail
 * (an upsert needs a table), whole, so nothing half-written and nothing overwritten with what
 * they read before.
 */
const COMPATIBILITY_VIEWS = [
  `CREATE VIEW checkout_contacts AS
  SELECT c.id AS checkout_id, r.*
    FROM checkouts c,
         jsonb_to_record(c.contact) AS r(first_name varchar, last_name varchar, email varchar,
           phone varchar, address_line1 varchar, address_line2 varchar, city varchar,
           state varchar, post_code varchar, country varchar)
   WHERE c.contact IS NOT NULL`,
  `CREATE VIEW checkout_billing_addresses AS
  SELECT c.id AS checkout_id, r.*
    FROM checkouts c,
         jsonb_to_record(c.billing_address) AS r(id varchar, first_name varchar,
           last_name varchar, email varchar, company varchar, address1 varchar, address2 varchar,
           city varchar, state_or_province varchar, state_or_province_code varchar,
           country varchar, country_code char(2), postal_code varchar, phone varchar,
           custom_fields jsonb)
   WHERE c.billing_address IS NOT NULL`,
  `CREATE VIEW checkout_line_items AS
  SELECT c.id AS checkout_id, (i.n - 1)::smallint AS position, (i.item ->> 'id')::uuid AS id,
         i.item ->> 'productId' AS product_id, i.item ->> 'name' AS name,
         (i.item ->> 'quantity')::int AS quantity,
         (i.item ->> 'unitPriceMinor')::bigint AS unit_price_minor
    FROM checkouts c, jsonb_array_elements(c.line_items) WITH ORDINALITY AS i(item, n)`,
];

/** Every row has a cart; a contact and a billing address are objects when present. */
const SHAPE_CHECK = 'checkouts_parts_shape';
const SHAPE = `coalesce(jsonb_typeof(line_items), 'none') = 'array'
  AND coalesce(jsonb_typeof(contact), 'object') = 'object'
  AND coalesce(jsonb_typeof(billing_address), 'object') = 'object'`;

/** The switch waits at most this long for a lock before it lets the waiting writers through. */
const SWITCH_LOCK_TIMEOUT = '2s';
const SWITCH_ATTEMPTS = 30;

/**
 * Back to four tables, in one transaction (no batches: a way back, not a roll-out), with the
 * constraint names of the initial schema, whose own `down` drops them by name.
 */
const DOWN = [
  `DROP VIEW IF EXISTS ${CHILD_TABLES.join(', ')}`,
  `CREATE TABLE checkout_contacts (
        checkout_id uuid CONSTRAINT "PK_8bdefd4eb3e26540721a446a67a" PRIMARY KEY
          CONSTRAINT "FK_8bdefd4eb3e26540721a446a67a" REFERENCES checkouts (id) ON DELETE CASCADE,
        first_name varchar(255) NOT NULL, last_name varchar(255) NOT NULL,
        email varchar(320) NOT NULL, phone varchar(50), address_line1 varchar(255),
        address_line2 varchar(255), city varchar(255), state varchar(255),
        post_code varchar(30), country varchar(255)) WITH (fillfactor = 80)`,
  `CREATE TABLE checkout_billing_addresses (
        checkout_id uuid CONSTRAINT "PK_e1ac144404aef38e02e00afe2ba" PRIMARY KEY
          CONSTRAINT "FK_e1ac144404aef38e02e00afe2ba" REFERENCES checkouts (id) ON DELETE CASCADE,
        id varchar(64) NOT NULL, first_name varchar(255), last_name varchar(255),
        email varchar(320), company varchar(255), address1 varchar(255), address2 varchar(255),
        city varchar(255), state_or_province varchar(255), state_or_province_code varchar(10),
        country varchar(255), country_code char(2), postal_code varchar(30), phone varchar(50),
        custom_fields jsonb NOT NULL DEFAULT '[]') WITH (fillfactor = 80)`,
  `CREATE TABLE checkout_line_items (
        checkout_id uuid NOT NULL
          CONSTRAINT "FK_88bd40a2c8e6279c27a970369fb" REFERENCES checkouts (id) ON DELETE CASCADE,
        position smallint NOT NULL, id uuid NOT NULL, product_id varchar(255) NOT NULL,
        name varchar(255) NOT NULL, quantity integer NOT NULL, unit_price_minor bigint NOT NULL,
        CONSTRAINT "PK_3894b682f18d02e5f29fbc999e9" PRIMARY KEY (checkout_id, position))`,
  `INSERT INTO checkout_contacts
      SELECT r.* FROM checkouts c,
             jsonb_populate_record(NULL::checkout_contacts, c.contact || jsonb_build_object('checkout_id', c.id)) r
       WHERE c.contact IS NOT NULL`,
  `INSERT INTO checkout_billing_addresses
      SELECT r.* FROM checkouts c,
             jsonb_populate_record(NULL::checkout_billing_addresses, c.billing_address || jsonb_build_object('checkout_id', c.id)) r
       WHERE c.billing_address IS NOT NULL`,
  `INSERT INTO checkout_line_items
      SELECT c.id, i.n - 1, (i.item ->> 'id')::uuid, i.item ->> 'productId', i.item ->> 'name',
             (i.item ->> 'quantity')::int, (i.item ->> 'unitPriceMinor')::bigint
        FROM checkouts c, jsonb_array_elements(c.line_items) WITH ORDINALITY AS i(item, n)`,
  `ALTER TABLE checkouts DROP CONSTRAINT IF EXISTS ${SHAPE_CHECK},
                            DROP COLUMN contact, DROP COLUMN billing_address,
                            DROP COLUMN line_items`,
];

/**
 * The old tables go and the views come, in one transaction. It needs the tables to itself for a
 * moment: rather than queue every reader behind a writer it waits for, it gives up after
 * SWITCH_LOCK_TIMEOUT and tries again.
 */
async function switchOver(queryRunner: QueryRunner): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await inTransaction(queryRunner, [
        `SET LOCAL lock_timeout = '${SWITCH_LOCK_TIMEOUT}'`,
        `ALTER TABLE checkouts ALTER COLUMN line_items SET DEFAULT '[]'::jsonb`,
        'DROP TRIGGER checkout_new_cart ON checkouts',
        `DROP TABLE ${CHILD_TABLES.join(', ')}`,
        'DROP FUNCTION checkout_children_mirror(), checkout_new_cart()',
        ...COMPATIBILITY_VIEWS,
      ]);
    } catch (error) {
      const lockTimeout = (error as { code?: string }).code === '55P03';
      if (!lockTimeout || attempt === SWITCH_ATTEMPTS) throw error;
    }
  }
}

/** `statements` in one transaction of this migration's own (it runs outside TypeORM's). */
async function inTransaction(queryRunner: QueryRunner, statements: string[]): Promise<void> {
  await queryRunner.startTransaction();
  try {
    for (const statement of statements) await queryRunner.query(statement);
    await queryRunner.commitTransaction();
  } catch (error) {
    await queryRunner.rollbackTransaction();
    throw error;
  }
}

/**
 * A checkout's contact, billing address and line items move into its own row (jsonb columns), so
 * a command reads and writes one heap page instead of up to four, in four tables: at a million
 * checkouts the four tables no longer fit in PostgreSQL's buffers, and the command paid for the
 * reads (docs/performance.md, "Scale").
 *
 * Online, outside a transaction, and resumable (a start cut short carries on where it stopped):
 * 1. three columns without a default (catalog only), and triggers that keep them equal to the old
 *    tables while instances of the previous release write those;
 * 2. the move, 5,000 checkouts per statement in id order: writes go on (a checkout in the batch
 *    waits for the batch's few milliseconds). Each moved row is written anew, mostly on another
 *    page, so the table and its indexes grow by about its size until (auto)vacuum reclaims it;
 * 3. one short transaction: the old tables and triggers go, views of the same names take their
 *    place for the previous release's reads;
 * 4. a CHECK that every row has a cart, validated while writes go on.
 * Measured on 1M checkouts in docs/storage.md; a later release drops the views.
 */
export class CheckoutInOneRow1796200000000 implements MigrationInterface {
  name = 'CheckoutInOneRow1796200000000';
  transaction = false;

  /** `batch`: checkouts per statement (tests take small ones, to move in many). */
  constructor(private readonly batch = BATCH) {}

  public async up(queryRunner: QueryRunner): Promise<void> {
    const [old] = (await queryRunner.query(
      `SELECT relkind::text AS kind FROM pg_class WHERE oid = to_regclass('checkout_contacts')`,
    )) as { kind: string }[];
    if (old?.kind === 'r') {
      await queryRunner.query(
        `ALTER TABLE checkouts ADD COLUMN IF NOT EXISTS contact jsonb,
                               ADD COLUMN IF NOT EXISTS billing_address jsonb,
                               ADD COLUMN IF NOT EXISTS line_items jsonb`,
      );
      for (const statement of MIRROR) await queryRunner.query(statement);
      let last = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const [batch] = (await queryRunner.query(MOVE_BATCH, [last, this.batch])) as {
          last: string;
        }[];
        if (!batch) break;
        last = batch.last;
      }
      await switchOver(queryRunner);
    }
    const [check] = (await queryRunner.query(
      `SELECT convalidated AS valid FROM pg_constraint
        WHERE conrelid = 'checkouts'::regclass AND conname = $1`,
      [SHAPE_CHECK],
    )) as { valid: boolean }[];
    if (!check) {
      await queryRunner.query(
        `ALTER TABLE checkouts ADD CONSTRAINT ${SHAPE_CHECK}
           CHECK (${SHAPE}) NOT VALID`,
      );
    }
    if (!check?.valid) {
      await queryRunner.query(`ALTER TABLE checkouts VALIDATE CONSTRAINT ${SHAPE_CHECK}`);
    }
  }

  /** Back to four tables, in one transaction (no batches: a way back, not a roll-out). */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await inTransaction(queryRunner, DOWN);
  }
}
