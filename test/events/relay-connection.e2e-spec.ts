import { setTimeout as after } from 'node:timers/promises';
import {
  describeWithNats,
  holdNextPublish,
  isolatedDatabase,
  NATS_TEST_URL,
  relayOf,
  startAppWithNats,
} from '../support/nats';
import { TestApp, uniqueShopper } from '../support/test-app';

/**
 * A relay waiting on the broker must not hold a connection requests need. On PostgreSQL the
 * relay's claim transaction stays open across the publishes, so it runs on the relay's own
 * connection: with ONE request connection free (a pool of two, one held by the test), requests
 * are still answered while a publish hangs. (Before, the relay borrowed that connection and every
 * request waited for the broker.)
 * The embedded database is one connection, which the relay never holds while it publishes: there
 * the test takes nothing away and requests must be answered all the same.
 */
describeWithNats('outbox relay: a stalled broker holds no request connection', () => {
  let t: TestApp;
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;

  beforeAll(async () => {
    database = await isolatedDatabase();
    // Two request connections: start-up's migrator needs two.
    t = await startAppWithNats(NATS_TEST_URL!, database.url, { DATABASE_POOL_SIZE: '2' });
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  it('answers requests while a publish waits for the broker', async () => {
    const publish = holdNextPublish(relayOf(t).relay!);
    const occupied = database.url ? t.dataSource.createQueryRunner() : undefined;
    try {
      await occupied?.connect();
      await occupied?.query('SELECT 1');
      const shopper = uniqueShopper('stall');
      const checkout = await t.createCheckout(shopper);
      expect(await publish.reached()).toBe(true);

      const answered = t
        .request('GET', `/api/storefront/checkouts/${checkout.id}`, { token: t.shopper(shopper) })
        .then((response) => response.statusCode);
      // Unreferenced: a timer left running would hold the Jest worker open after the last test.
      const outcome = await Promise.race([
        answered,
        after(5_000, 'no answer in 5 s', { ref: false }),
      ]);
      expect(outcome).toBe(200);
    } finally {
      publish.fail(new Error('test: the broker stalled'));
      publish.restore();
      await occupied?.release();
    }
  });
});
