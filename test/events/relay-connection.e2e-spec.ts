import { Client } from 'pg';
import {
  delay,
  describeWithNats,
  isolatedDatabase,
  NATS_TEST_URL,
  startAppWithNats,
  TcpProxy,
} from '../support/nats';
import { TestApp, uniqueShopper } from '../support/test-app';

/**
 * A relay waiting on the broker must not hold a connection requests need. On PostgreSQL the
 * relay's claim transaction stays open across the publishes, so it runs on the relay's own
 * connection: with ONE request connection free (a pool of two, one held by the test), requests
 * are still answered while the broker holds back its acks. (Before, the relay borrowed that
 * connection and every request waited for the broker.) The embedded database is one connection,
 * which the relay never holds while it publishes: there the test takes nothing away and requests
 * must be answered all the same.
 */
describeWithNats('outbox relay: a stalled broker holds no request connection', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;

  beforeAll(async () => {
    database = await isolatedDatabase();
    proxy = TcpProxy.forUrl(NATS_TEST_URL!);
    await proxy.start();
    const previous = process.env.DATABASE_POOL_SIZE;
    process.env.DATABASE_POOL_SIZE = '2'; // start-up's migrator needs two
    try {
      t = await startAppWithNats(proxy.url, database.url);
    } finally {
      if (previous === undefined) delete process.env.DATABASE_POOL_SIZE;
      else process.env.DATABASE_POOL_SIZE = previous;
    }
  });
  afterAll(async () => {
    proxy?.release();
    await t?.close();
    await proxy?.stop();
    await database?.drop();
  });

  it('answers requests while a publish waits for the broker', async () => {
    // The relay is up and connected (through the proxy) once a first event is published.
    const first = await t.createCheckout(uniqueShopper('stall'));
    await waitFor(async () => (await unpublished(first.id)) === 0);

    const occupied = database.url ? t.dataSource.createQueryRunner() : undefined;
    try {
      await occupied?.connect();
      await occupied?.query('SELECT 1');
      proxy.hold();
      const shopper = uniqueShopper('stall');
      const checkout = await t.createCheckout(shopper);
      await relayWaitsOnBroker(checkout.id);

      const answered = t
        .request('GET', `/api/storefront/checkouts/${checkout.id}`, { token: t.shopper(shopper) })
        .then((response) => response.statusCode);
      const outcome = await Promise.race([answered, delay(3_000).then(() => 'no answer in 3 s')]);
      expect(outcome).toBe(200);
      expect(await unpublished(checkout.id)).toBe(1); // the broker really held the relay up
    } finally {
      proxy.release();
      await occupied?.release();
    }
  });

  async function unpublished(checkoutId: string): Promise<number> {
    const [row] = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM outbox WHERE aggregate_id = $1 AND published_at IS NULL',
      [checkoutId],
    );
    return row!.n;
  }

  /**
   * On PostgreSQL: until the relay's claim transaction holds the checkout's outbox row (it then
   * waits for the ack), seen from a connection of the test's own. The embedded relay holds no
   * lock: a moment for it to claim and publish.
   */
  async function relayWaitsOnBroker(checkoutId: string): Promise<void> {
    if (!database.url) return delay(300);
    const probe = new Client({ connectionString: database.url });
    await probe.connect();
    try {
      await waitFor(async () => {
        const { rows } = await probe.query(
          `SELECT 1 FROM outbox WHERE aggregate_id = $1 AND published_at IS NULL
              FOR UPDATE SKIP LOCKED`,
          [checkoutId],
        );
        return rows.length === 0;
      });
    } finally {
      await probe.end();
    }
  }
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await delay(20);
  }
}
