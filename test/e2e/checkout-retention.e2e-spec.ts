/**
 * Checkout retention (CHECKOUT_RETENTION): a checkout not changed for that long is deleted with
 * everything that holds its shopper's personal data, and CheckoutExpired is written once. Time is
 * moved with the Clock, not waited for.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { RetentionSweeper } from '../../src/checkout/retention/retention-sweeper';
import { Clock } from '../../src/shared/domain/clock';
import { DataSource } from 'typeorm';
import { copiesOf } from '../support/abandoned-carts';
import {
  aContactBody,
  anAddressBody,
  billingPath,
  checkoutPath,
  CONTACT,
  ordersPath,
} from '../support/checkout-api';
import { TestApp, uniqueShopper } from '../support/test-app';

const RETENTION_MS = 5_000;
const unique = (): string => randomUUID().slice(0, 8);

/**
 * Every row of every table, as text, that contains one of `needles`: what a database dump would
 * show. The tables are read from the catalog, so a table added later is searched too.
 */
async function tracesOf(dataSource: DataSource, needles: string[]): Promise<string[]> {
  const tables: { name: string }[] = await dataSource.query(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg_toast%'`,
  );
  const traces: string[] = [];
  for (const { name } of tables) {
    const rows: { row: string }[] = await dataSource.query(
      `SELECT t::text AS row FROM ${name} t WHERE t::text ILIKE ANY($1::text[])`,
      [needles.map((needle) => `%${needle}%`)],
    );
    traces.push(...rows.map(({ row }) => `${name}: ${row}`));
  }
  return traces;
}

/** pg_dump's own dump of the database, when the test runs on a server and pg_dump is installed. */
function pgDump(t: TestApp): string | undefined {
  if (t.config.database.kind !== 'postgres') return undefined;
  try {
    return execFileSync('pg_dump', ['--data-only', t.config.database.url], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A checkout with a contact, a billing address (added, then changed) and an announced email. */
async function checkoutFullOfPersonalData(t: TestApp) {
  const marker = unique();
  const personal = {
    email: `expiring-${marker}@example.com`,
    firstName: `Firstname${marker}`,
    lastName: `Lastname${marker}`,
    phone: `+1 555 ${marker}`,
    address1: `${marker} Retention Road`,
  };
  const shopper = uniqueShopper('expiring');
  const { id } = await t.createCheckout(shopper);
  const token = t.shopper(shopper);
  const contact = await t.request('POST', CONTACT, {
    token,
    headers: { 'idempotency-key': `contact-${marker}` },
    body: aContactBody(id, {
      email: personal.email,
      firstName: personal.firstName,
      lastName: personal.lastName,
      phone: personal.phone,
    }),
  });
  expect(contact.statusCode).toBe(204);
  const added = await t.request('POST', billingPath(id), {
    token,
    headers: { 'idempotency-key': `add-${marker}` },
    body: anAddressBody(personal),
  });
  expect(added.statusCode).toBe(200);
  const changed = await t.request('PUT', billingPath(id, added.json().billingAddress.id), {
    token,
    headers: { 'idempotency-key': `change-${marker}` },
    body: anAddressBody({ ...personal, city: `City${marker}` }),
  });
  expect(changed.statusCode).toBe(200);
  return { id, shopper, token, needles: [...Object.values(personal), `City${marker}`] };
}

describe('checkout retention', () => {
  let t: TestApp;
  let now = Date.now();

  beforeAll(async () => {
    t = await TestApp.startIsolated({}, { CHECKOUT_RETENTION: '5s' });
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(now));
  });
  afterAll(async () => {
    await t?.close();
  });

  const sweep = (): Promise<number> => t.app.get(RetentionSweeper).sweep();

  it('an expired checkout leaves no trace of its personal data in any table', async () => {
    const { id, shopper, token, needles } = await checkoutFullOfPersonalData(t);
    const lastChange = new Date(now);
    // The search finds what is there: every piece of personal data is stored before the expiry.
    const before = await tracesOf(t.dataSource, needles);
    for (const needle of needles) expect(before.join('\n')).toContain(needle);
    expect(before.some((trace) => trace.startsWith('public.idempotency_keys'))).toBe(true);
    expect(before.some((trace) => trace.startsWith('public.outbox'))).toBe(true);
    expect(before.some((trace) => trace.startsWith('public.abandoned_cart_reminders'))).toBe(true);
    const dumpBefore = pgDump(t);
    for (const needle of needles) expect(dumpBefore ?? needle).toContain(needle);

    now += RETENTION_MS + 1000;
    expect(await sweep()).toBeGreaterThanOrEqual(1);

    expect(await tracesOf(t.dataSource, needles)).toEqual([]);
    const dump = pgDump(t);
    if (dump === undefined) console.warn('No pg_dump here: the catalog search above stands alone.');
    for (const needle of needles) expect(dump ?? '').not.toContain(needle);
    expect(dump ?? id).toContain(id); // the dump is of this database: its CheckoutExpired is in it
    const events = await t.outbox(id);
    expect(events).toEqual([
      {
        type: 'checkout.CheckoutExpired',
        aggregate_version: 5,
        payload: {
          checkoutId: id,
          shopperId: shopper,
          channelId: 1,
          lastActivityAt: expect.any(String),
        },
      },
    ]);
    expect(Date.parse(events[0]!.payload.lastActivityAt)).toBeLessThanOrEqual(lastChange.getTime());
    expect((await t.request('GET', checkoutPath(id), { token })).statusCode).toBe(404);
    // Swept again: nothing more, no second event.
    await sweep();
    expect(await t.outbox(id)).toHaveLength(1);
  });

  it('completed checkouts expire too; one changed within the retention stays', async () => {
    const completed = await checkoutFullOfPersonalData(t);
    const order = await t.request('POST', ordersPath(completed.id), { token: completed.token });
    expect(order.statusCode).toBe(200);
    now += RETENTION_MS - 1000;
    const recent = await checkoutFullOfPersonalData(t);
    now += 2000;

    await sweep();

    expect(
      await t.request('GET', checkoutPath(completed.id), { token: t.merchant() }),
    ).toMatchObject({ statusCode: 404 });
    expect(await t.request('GET', checkoutPath(recent.id), { token: t.merchant() })).toMatchObject({
      statusCode: 200,
    });
    expect((await t.outbox(recent.id)).map((event) => event.type)).not.toContain(
      'checkout.CheckoutExpired',
    );
  });
});

describe('checkout retention with a relay', () => {
  let t: TestApp;
  let now = Date.now();

  beforeAll(async () => {
    // A broker that never answers: every event stays unpublished.
    t = await TestApp.startIsolated(
      {},
      { CHECKOUT_RETENTION: '5s', NATS_URL: 'nats://127.0.0.1:9' },
    );
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(now));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a checkout whose events are not yet on the broker waits for them', async () => {
    const { id } = await checkoutFullOfPersonalData(t);
    now += RETENTION_MS + 1000;
    await t.app.get(RetentionSweeper).sweep();
    expect((await t.outbox(id)).map((event) => event.type)).not.toContain(
      'checkout.CheckoutExpired',
    );

    await t.dataSource.query(
      'UPDATE outbox SET published_at = clock_timestamp() WHERE aggregate_id = $1',
      [id],
    );
    await t.app.get(RetentionSweeper).sweep();
    expect((await t.outbox(id)).map((event) => event.type)).toEqual(['checkout.CheckoutExpired']);
  });
});

/**
 * Two instances on one database sweep at once: each expired checkout is deleted and announced
 * once. Needs a shared database server (TEST_DATABASE_URL); skipped, saying so, on the embedded one.
 */
const shared = process.env.TEST_DATABASE_ADMIN_URL !== undefined;
if (!shared) console.warn('Skipping the two-instance retention test: it needs TEST_DATABASE_URL.');
(shared ? describe : describe.skip)('checkout retention on two instances', () => {
  const CHECKOUTS = 2000;
  let instances: TestApp[] = [];
  let now = Date.now();

  beforeAll(async () => {
    const a = await TestApp.startIsolated({}, { CHECKOUT_RETENTION: '5s' });
    const b = await TestApp.start(
      {},
      {
        CHECKOUT_RETENTION: '5s',
        DATABASE_URL: a.config.database.kind === 'postgres' ? a.config.database.url : undefined,
      },
    );
    instances = [a, b];
    for (const t of instances) {
      jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(now));
    }
  });
  afterAll(async () => {
    // The second instance first: the first drops the database they share.
    for (const t of [...instances].reverse()) await t.close();
  });

  it(`expire ${CHECKOUTS} checkouts between them, each announced once`, async () => {
    const [a, b] = instances as [TestApp, TestApp];
    const { id } = await checkoutFullOfPersonalData(a);
    const ids = await copiesOf(a, id, CHECKOUTS);

    now += RETENTION_MS + 1000;
    const started = performance.now();
    const [byA, byB] = await Promise.all([
      a.app.get(RetentionSweeper).sweep(),
      b.app.get(RetentionSweeper).sweep(),
    ]);
    console.log(
      `${CHECKOUTS} expired checkouts: deleted in ${(performance.now() - started).toFixed(0)} ms by two instances (${byA} + ${byB})`,
    );

    expect(byA + byB).toBe(CHECKOUTS);
    const announced: { aggregate_id: string; n: number }[] = await a.dataSource.query(
      `SELECT aggregate_id, count(*)::int AS n FROM outbox
        WHERE type = 'checkout.CheckoutExpired' GROUP BY aggregate_id`,
    );
    expect(announced.map((row) => row.aggregate_id).sort()).toEqual([...ids].sort());
    expect(announced.every((row) => row.n === 1)).toBe(true);
    const [left] = await a.dataSource.query('SELECT count(*)::int AS n FROM checkouts');
    expect(left.n).toBe(0);
  });
});
