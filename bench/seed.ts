import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Target } from './load';
import { postmasterOf } from './processes';
import { BenchTokens } from './tokens';

/** The checkouts each scenario works on; disjoint, so no scenario disturbs another's versions. */
export interface Seeded {
  /** No billing address: UpdateContact and GetCheckout. */
  main: Target[];
  /** With a billing address (`addressId`): UpdateBillingAddress. */
  addressed: Target[];
  /** No billing address, one AddBillingAddress each: one pool per variant. */
  fresh: [Target[], Target[]];
}

export const BENCH_EMAIL = 'jane.doe@example.com';
const SETS = { main: 'm', addressed: 'a', fresh0: 'f0', fresh1: 'f1' } as const;

/**
 * Shoppers per set at every store size: checkout n belongs to shopper ((n - 1) mod this) + 1, so
 * at 1M checkouts each shopper has 100. How many shoppers are active at once does not grow with
 * the store: with a shopper per checkout, the service's verified-token cache (10,000 tokens) would
 * hit on every request at 10k checkouts and miss on nearly every one at 1M, and the scale axis
 * would measure that instead of the store's size.
 */
export const BENCH_SHOPPERS = 10_000;

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'checkout-bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drops (terminating its sessions) and creates `name` on the server `serverUrl` points at. */
export async function recreateDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  });
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, (admin) =>
    admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  );
}

export async function canConnect(url: string): Promise<boolean> {
  try {
    await withClient(url, (client) => client.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

/** The pid of the PostgreSQL server at `url` when it runs on this machine, else undefined. */
export async function postmasterPid(url: string): Promise<number | undefined> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return postmasterOf(rows[0]!.pid);
  });
}

// ---- PostgreSQL: straight SQL into the service's schema (after its migrations ran) ----------

/** The line items every seeded checkout gets, as the API takes them. */
export function benchLineItems(count: number) {
  return Array.from({ length: count }, (_, p) => ({
    productId: `sku-${p + 1}`,
    name: `Bench product ${p + 1}`,
    quantity: 1 + (p % 3),
    unitPrice: (2450 + 100 * p) / 100,
  }));
}

/**
 * One set of checkouts with their line items and the events the API would have written (marked
 * published: they are history, not load for a relay), in one statement. $3: the line items; $4:
 * CheckoutCreated's extra fields. With an email in $5, each also has the billing address that
 * AddBillingAddress by a guest leaves behind: the address, version 2, the announcement and its
 * BillingAddressAdded event, written with the checkout rather than by a later UPDATE, which would
 * leave a dead copy of every row behind.
 */
const INSERT_CHECKOUTS = `
  WITH c AS (
    INSERT INTO checkouts (id, version, channel_id, shopper_id, currency, status, order_id,
                           announcements, created_at, updated_at, line_items, billing_address)
    SELECT gen_random_uuid(), CASE WHEN $5::text IS NULL THEN 1 ELSE 2 END, 1,
           format('bench-%s-%s', $1::text, (n - 1) % $6::int + 1), 'USD', 'open', NULL,
           CASE WHEN $5::text IS NULL THEN '[]'::jsonb
                ELSE jsonb_build_array(jsonb_build_object('email', $5::text, 'at', now())) END,
           now(), now(), items.line_items,
           CASE WHEN $5::text IS NOT NULL THEN jsonb_build_object(
             'id', gen_random_uuid()::text, 'first_name', 'Jane', 'last_name', 'Doe',
             'email', $5::text, 'company', NULL, 'address1', '1 Main Street', 'address2', NULL,
             'city', 'Austin', 'state_or_province', 'Texas', 'state_or_province_code', 'TX',
             'country', 'United States', 'country_code', 'US', 'postal_code', '78701',
             'phone', '+1 512 555 0100', 'custom_fields', '[]'::jsonb) END
      FROM generate_series(1, $2::int) AS n,
           -- n > 0 ties the subquery to each row: every checkout gets line item ids of its own.
           LATERAL (SELECT jsonb_agg(jsonb_build_object('id', gen_random_uuid(),
                             'productId', li.product_id, 'name', li.name,
                             'quantity', li.quantity, 'unitPriceMinor', li.unit_price_minor)
                             ORDER BY li.position) AS line_items
                      FROM jsonb_to_recordset($3::jsonb) AS li(position int, product_id text,
                             name text, quantity int, unit_price_minor bigint)
                     WHERE n > 0) items
    RETURNING id, shopper_id, created_at, billing_address ->> 'id' AS address_id),
  events AS (
    INSERT INTO outbox (id, aggregate_id, aggregate_version, type, payload, occurred_at,
                        published_at)
    SELECT gen_random_uuid(), c.id, 1, 'checkout.CheckoutCreated',
           jsonb_build_object('checkoutId', c.id, 'shopperId', c.shopper_id, 'channelId', 1,
                              'currency', 'USD') || $4::jsonb,
           c.created_at, now()
      FROM c
    UNION ALL
    SELECT gen_random_uuid(), c.id, 2, 'checkout.BillingAddressAdded',
           jsonb_build_object('checkoutId', c.id,
             'billingAddress', jsonb_build_object('id', c.address_id, 'email', $5::text)),
           now(), now()
      FROM c WHERE c.address_id IS NOT NULL)
  SELECT id, shopper_id, address_id FROM c`;

export async function seedWithSql(
  databaseUrl: string,
  counts: { checkouts: number; addressed: number; fresh: number; lineItems: number },
  tokens: BenchTokens,
): Promise<Seeded> {
  const lineItems = benchLineItems(counts.lineItems);
  const sqlItems = lineItems.map((item, position) => ({
    position,
    product_id: item.productId,
    name: item.name,
    quantity: item.quantity,
    unit_price_minor: Math.round(item.unitPrice * 100),
  }));
  const cartMinor = sqlItems.reduce((sum, item) => sum + item.quantity * item.unit_price_minor, 0);
  const created = { cartAmount: cartMinor / 100, lineItems };
  return withClient(databaseUrl, async (db) => {
    const insert = async (set: string, count: number, email?: string): Promise<Target[]> => {
      const { rows } = await db.query<{ id: string; shopper_id: string; address_id: string }>(
        INSERT_CHECKOUTS,
        [
          set,
          count,
          JSON.stringify(sqlItems),
          JSON.stringify(created),
          email ?? null,
          BENCH_SHOPPERS,
        ],
      );
      return rows.map((row) => ({
        id: row.id,
        version: email ? 2 : 1,
        token: tokens.guest(row.shopper_id),
        ...(email ? { addressId: row.address_id } : {}),
      }));
    };
    const main = await insert(SETS.main, counts.checkouts);
    const addressed = await insert(SETS.addressed, counts.addressed, BENCH_EMAIL);
    const fresh: [Target[], Target[]] = [
      await insert(SETS.fresh0, counts.fresh),
      await insert(SETS.fresh1, counts.fresh),
    ];
    await db.query('VACUUM ANALYZE checkouts, outbox');
    // A checkpoint now rather than in the middle of a measurement.
    await db.query('CHECKPOINT').catch(() => undefined);
    return { main, addressed, fresh };
  });
}

// ---- Embedded database: through the API, which owns the PGlite files --------------------

export async function parallel<T>(
  count: number,
  concurrency: number,
  work: (i: number) => Promise<T>,
) {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      results[i] = await work(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

async function call<T>(
  baseUrl: string,
  method: string,
  path: string,
  token: string,
  body: unknown,
): Promise<T> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export const BILLING_ADDRESS = {
  firstName: 'Jane',
  lastName: 'Doe',
  email: BENCH_EMAIL,
  address1: '1 Main Street',
  city: 'Austin',
  stateOrProvince: 'Texas',
  stateOrProvinceCode: 'TX',
  country: 'United States',
  countryCode: 'US',
  postalCode: '78701',
  phone: '+1 512 555 0100',
};

export async function seedThroughApi(
  baseUrl: string,
  counts: { checkouts: number; addressed: number; fresh: number; lineItems: number },
  tokens: BenchTokens,
  concurrency = 8,
): Promise<Seeded> {
  const merchant = tokens.merchant();
  const lineItems = benchLineItems(counts.lineItems);
  const create = (set: string, count: number): Promise<Target[]> =>
    parallel(count, concurrency, async (i) => {
      const shopperId = `bench-${set}-${(i % BENCH_SHOPPERS) + 1}`;
      const created = await call<{ id: string; version: number }>(
        baseUrl,
        'POST',
        '/api/checkouts',
        merchant,
        { shopperId, currency: 'USD', lineItems },
      );
      return { id: created.id, version: created.version, token: tokens.guest(shopperId) };
    });
  const main = await create(SETS.main, counts.checkouts);
  const addressed = await create(SETS.addressed, counts.addressed);
  await parallel(addressed.length, concurrency, async (i) => {
    const target = addressed[i]!;
    const checkout = await call<{ version: number; billingAddress: { id: string } }>(
      baseUrl,
      'POST',
      `/api/storefront/checkouts/${target.id}/billing-address`,
      target.token,
      BILLING_ADDRESS,
    );
    target.version = checkout.version;
    target.addressId = checkout.billingAddress.id;
  });
  const fresh: [Target[], Target[]] = [
    await create(SETS.fresh0, counts.fresh),
    await create(SETS.fresh1, counts.fresh),
  ];
  return { main, addressed, fresh };
}

// ---- The raw ceiling's own database ------------------------------------------------------

/** Seeds raw_bench with bench/raw-ceiling/seed.sql, `count` checkouts instead of its 10,000. */
export async function seedRaw(databaseUrl: string, count: number) {
  const sql = readFileSync(join(__dirname, 'raw-ceiling/seed.sql'), 'utf8').replace(
    /generate_series\(1,\s*10000\)/,
    `generate_series(1, ${count})`,
  );
  return withClient(databaseUrl, async (db) => {
    // One statement at a time: VACUUM refuses to run in the implicit transaction of a batch.
    for (const statement of sql.split(/;\s*$/m).filter((text) => /\S/.test(stripComments(text)))) {
      await db.query(statement);
    }
    await db.query('CHECKPOINT').catch(() => undefined);
    const { rows } = await db.query<{ id: string; version: number }>(
      'SELECT id, version FROM checkouts',
    );
    return rows.map((row): Target => ({ id: row.id, version: row.version, token: 'none' }));
  });
}

const stripComments = (sql: string): string => sql.replace(/--.*$/gm, '');

/** Current versions of `ids` in the raw ceiling's table. */
export async function rawVersions(
  databaseUrl: string,
  ids: string[],
): Promise<Map<string, number>> {
  return withClient(databaseUrl, async (db) => {
    const { rows } = await db.query<{ id: string; version: number }>(
      'SELECT id, version FROM checkouts WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.version]));
  });
}
