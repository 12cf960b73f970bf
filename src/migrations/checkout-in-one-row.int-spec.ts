import { randomUUID } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  closeEmbedded,
  onPostgres,
  PrivateSchema,
  Session,
} from '../../test/support/private-schema';
import { CheckoutMapper, CheckoutRow } from '../checkout/persistence/checkout.mapper';
import { CheckoutInOneRow1796200000000 } from './1796200000000-checkout-in-one-row';
import { MIGRATIONS } from './index';

/** The migrations before this one: the previous release's schema. */
const PREVIOUS = MIGRATIONS.slice(0, MIGRATIONS.indexOf(CheckoutInOneRow1796200000000));

/** The previous release's checkout load, word for word: it must go on working during a roll-out. */
const PREVIOUS_LOAD = `
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

/** The previous release's contact change: the version-checked row, then the contact upsert. */
const PREVIOUS_CONTACT_WRITE = `
  WITH written AS (
    UPDATE checkouts SET version = version + 1, updated_at = now()
     WHERE id = $1 AND version = $2 RETURNING id)
  INSERT INTO checkout_contacts (checkout_id, first_name, last_name, email)
  SELECT id, $3, 'Lee', 'ann@example.com' FROM written
  ON CONFLICT (checkout_id) DO UPDATE SET first_name = EXCLUDED.first_name
  RETURNING checkout_id`;

/** The previous release's new checkout: the row and its line items in one statement. */
const PREVIOUS_CREATE = `
  WITH written AS (
    INSERT INTO checkouts (id, version, channel_id, shopper_id, currency, status, announcements,
                           created_at, updated_at)
    VALUES ($1, 1, 1, 'shopper', 'USD', 'open', '[]', now(), now()) RETURNING id)
  INSERT INTO checkout_line_items (checkout_id, position, id, product_id, name, quantity,
                                   unit_price_minor)
  SELECT id, p, gen_random_uuid(), 'sku-' || p, 'Product ' || p, p + 1, 1000 * p
    FROM written, generate_series(0, $2::int - 1) AS p`;

const LOAD = 'SELECT * FROM checkouts WHERE id = $1';

function runnerOf(session: Session): QueryRunner {
  return {
    query: (sql: string, params?: unknown[]) => session.query(sql, params ?? []),
    startTransaction: () => session.query('BEGIN', []),
    commitTransaction: () => session.query('COMMIT', []),
    rollbackTransaction: () => session.query('ROLLBACK', []),
  } as unknown as QueryRunner;
}

/**
 * Checkouts of every shape the previous release stored: with or without a contact, a billing
 * address (email-only or full, with custom fields), and zero to three line items.
 */
async function seedPrevious(session: Session, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const id = randomUUID();
    ids.push(id);
    await session.query(PREVIOUS_CREATE, [id, n % 4]);
    if (n % 3 !== 0) {
      await session.query(
        `INSERT INTO checkout_contacts (checkout_id, first_name, last_name, email, phone, city)
         VALUES ($1, $2, 'Lee', $3, $4, 'Austin  ')`,
        [id, `Ann ${n}`, `ann${n}@example.com`, n % 2 ? '+1 512 555 0100' : null],
      );
    }
    if (n % 5 === 1) {
      await session.query(
        `INSERT INTO checkout_billing_addresses (checkout_id, id, email) VALUES ($1, $2, $3)`,
        [id, `addr-${n}`, `ann${n}@example.com`],
      );
    } else if (n % 5 === 2) {
      await session.query(
        `INSERT INTO checkout_billing_addresses (checkout_id, id, first_name, email, address1,
                city, country_code, postal_code, custom_fields)
         VALUES ($1, $2, 'Ann', $3, '1 Main St', 'Austin', 'US', '78701', $4)`,
        [id, `addr-${n}`, `ann${n}@example.com`, JSON.stringify([{ fieldId: 'f', fieldValue: n }])],
      );
    }
  }
  return ids;
}

/** The old tables' columns and constraints, as the catalog describes them. */
const CHILD_TABLES_SHAPE = `
  SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull
    FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
   WHERE c.relnamespace = current_schema()::regnamespace
     AND c.relname IN ('checkout_contacts', 'checkout_billing_addresses', 'checkout_line_items')
  UNION ALL
  SELECT t.relname, k.conname, k.contype::text, k.convalidated
    FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
   WHERE t.relnamespace = current_schema()::regnamespace
     AND t.relname IN ('checkout_contacts', 'checkout_billing_addresses', 'checkout_line_items')
   ORDER BY 1, 2`;

const snapshotOf = (row: unknown) => CheckoutMapper.toDomain(row as CheckoutRow).snapshot;

describe('migration 1796200000000: a checkout in one row', () => {
  let schema: PrivateSchema;
  let main: Session;

  beforeEach(async () => {
    schema = new PrivateSchema('one_row');
    main = await schema.create();
    for (const Migration of PREVIOUS)
      await (new Migration() as MigrationInterface).up(runnerOf(main));
  });
  afterEach(() => schema.drop());
  afterAll(closeEmbedded);

  it('moves every checkout, in batches, to what it was; the previous release still reads each through views', async () => {
    const ids = await seedPrevious(main, 23);
    const before = new Map<string, unknown>();
    for (const id of ids) before.set(id, (await main.query(PREVIOUS_LOAD, [id]))[0]);

    await new CheckoutInOneRow1796200000000(4).up(runnerOf(main));

    for (const id of ids) {
      const [row] = await main.query(LOAD, [id]);
      expect(snapshotOf(row)).toEqual(snapshotOf(before.get(id)));
      expect((await main.query(PREVIOUS_LOAD, [id]))[0]).toEqual(before.get(id));
    }
    const tables = await main.query(
      `SELECT relname, relkind::text FROM pg_class
        WHERE relnamespace = current_schema()::regnamespace AND relname LIKE 'checkout%'
          AND relkind IN ('r', 'v') ORDER BY relname`,
      [],
    );
    expect(tables).toEqual([
      { relname: 'checkout_billing_addresses', relkind: 'v' },
      { relname: 'checkout_contacts', relkind: 'v' },
      { relname: 'checkout_line_items', relkind: 'v' },
      { relname: 'checkouts', relkind: 'r' },
    ]);
  });

  it('reverts to the four tables, every checkout in them and with the constraint names the earlier migrations expect', async () => {
    const ids = await seedPrevious(main, 9);
    const shape = await main.query(CHILD_TABLES_SHAPE, []);
    const before = await Promise.all(ids.map((id) => main.query(PREVIOUS_LOAD, [id])));
    const migration = new CheckoutInOneRow1796200000000(4);

    await migration.up(runnerOf(main));
    await migration.down(runnerOf(main));

    expect(await main.query(CHILD_TABLES_SHAPE, [])).toEqual(shape);
    expect(await Promise.all(ids.map((id) => main.query(PREVIOUS_LOAD, [id])))).toEqual(before);
  });

  it("fails the previous release's writes whole once it has run", async () => {
    const [id] = await seedPrevious(main, 2);
    await new CheckoutInOneRow1796200000000().up(runnerOf(main));
    const [before] = await main.query(LOAD, [id]);

    await expect(main.query(PREVIOUS_CONTACT_WRITE, [id, 1, 'Bob'])).rejects.toThrow();
    await expect(main.query(PREVIOUS_CREATE, [randomUUID(), 2])).rejects.toThrow();

    expect((await main.query(LOAD, [id]))[0]).toEqual(before);
  });

  it('refuses a row without a cart, or with parts that are not objects', async () => {
    await new CheckoutInOneRow1796200000000().up(runnerOf(main));
    const insert = (parts: string) =>
      main.query(
        `INSERT INTO checkouts (id, version, channel_id, shopper_id, currency, created_at,
                                updated_at, ${parts.split('=')[0]})
         VALUES ($1, 1, 1, 's', 'USD', now(), now(), $2::jsonb)`,
        [randomUUID(), parts.split('=')[1]],
      );
    await expect(insert('line_items=null')).rejects.toThrow(/checkouts_parts_shape/);
    await expect(insert('line_items={}')).rejects.toThrow(/checkouts_parts_shape/);
    await expect(insert('contact=[]')).rejects.toThrow(/checkouts_parts_shape/);
    await expect(insert('billing_address="x"')).rejects.toThrow(/checkouts_parts_shape/);
    await expect(insert('contact={"first_name":"Ann"}')).resolves.toBeDefined();
  });

  onPostgres(
    'keeps what the previous release writes while the move runs, until its writes fail',
    async () => {
      const ids = await seedPrevious(main, 2_000);
      const writer = await schema.session();
      const versions = new Map<string, number>(ids.map((id) => [id, 1]));
      const lastName = new Map<string, string>();
      const created: { id: string; items: number }[] = [];
      const lost: string[] = [];

      // Writes until the switch refuses them: every write the old tables accepted must be kept.
      const previousRelease = (async () => {
        for (let n = 0; ; n += 1) {
          const id = ids[(n * 7919) % ids.length]!;
          try {
            if (n % 10 === 0) {
              const fresh = randomUUID();
              await writer.query(PREVIOUS_CREATE, [fresh, 1 + (n % 3)]);
              created.push({ id: fresh, items: 1 + (n % 3) });
              continue;
            }
            const name = `Writer ${n}`;
            const written = await writer.query(PREVIOUS_CONTACT_WRITE, [
              id,
              versions.get(id),
              name,
            ]);
            if (written.length !== 1) lost.push(id);
            versions.set(id, versions.get(id)! + 1);
            lastName.set(id, name);
          } catch (error) {
            return error;
          }
        }
      })();
      await new CheckoutInOneRow1796200000000(25).up(runnerOf(main));
      expect(await previousRelease).toBeInstanceOf(Error);

      expect(lost).toEqual([]);
      expect(lastName.size).toBeGreaterThan(10);
      for (const [id, name] of lastName) {
        const [row] = (await main.query(LOAD, [id])) as CheckoutRow[];
        expect({ version: row!.version, name: row!.contact?.first_name }).toEqual({
          version: versions.get(id),
          name,
        });
      }
      expect(created.length).toBeGreaterThan(1);
      for (const { id, items } of created) {
        const [row] = (await main.query(LOAD, [id])) as CheckoutRow[];
        expect(row!.line_items).toHaveLength(items);
      }
    },
    120_000,
  );
});
