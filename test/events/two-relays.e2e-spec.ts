import { OutboxRelay } from '../../src/events/outbox-relay';
import { OutboxRelayMetrics } from '../../src/events/outbox-relay.metrics';
import {
  describeWithNats,
  isolatedDatabase,
  NATS_TEST_URL,
  relayOf,
  startAppWithNats,
  StreamWatcher,
} from '../support/nats';
import { TestApp, uniqueShopper } from '../support/test-app';

const CHECKOUTS = 20;
const UPDATES_PER_CHECKOUT = 15;

/**
 * On PostgreSQL: two service instances on one database, both relaying. Embedded PostgreSQL is one
 * process, so there: a second relay on the same DataSource.
 */
describeWithNats('outbox relay: two relays at once', () => {
  let first: TestApp;
  let second: TestApp | undefined;
  let extraRelay: OutboxRelay | undefined;
  let watcher: StreamWatcher;
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;

  beforeAll(async () => {
    database = await isolatedDatabase();
    watcher = await StreamWatcher.start(NATS_TEST_URL!);
    first = await startAppWithNats(NATS_TEST_URL!, database.url);
    if (database.url) {
      second = await startAppWithNats(NATS_TEST_URL!, database.url);
    } else {
      const config = first.config;
      extraRelay = new OutboxRelay(
        first.dataSource,
        {
          natsUrl: NATS_TEST_URL!,
          ...config.outbox,
          stream: config.stream,
          database: config.database,
        },
        new OutboxRelayMetrics(),
      );
      extraRelay.start();
    }
  });
  afterAll(async () => {
    await extraRelay?.stop();
    await second?.close();
    await first?.close();
    await watcher?.close();
    await database?.drop();
  });

  it('under load: no event lost, order per checkout holds, no duplicate ids', async () => {
    const apps = second ? [first, second] : [first];
    const shoppers = Array.from({ length: CHECKOUTS }, () => uniqueShopper('pair'));
    const checkouts: { id: string }[] = await Promise.all(
      shoppers.map((shopper, index) => apps[index % apps.length]!.createCheckout(shopper)),
    );
    const ids: string[] = checkouts.map((c) => c.id);
    watcher.watch(...ids);
    await Promise.all(
      checkouts.map(async (checkout, index) => {
        for (let n = 1; n <= UPDATES_PER_CHECKOUT; n += 1) {
          // Each update through either instance: both write, both relay.
          const app = apps[(index + n) % apps.length]!;
          const response = await app.request('POST', '/api/Checkout/sessions/me/contact', {
            token: app.shopper(shoppers[index]!),
            body: {
              sessionId: checkout.id,
              firstName: `Ann ${n}`,
              lastName: 'Lee',
              email: 'ann@example.com',
            },
          });
          expect(response.statusCode).toBe(204);
          extraRelay?.wake();
        }
      }),
    );

    const expectedTotal = CHECKOUTS * (1 + UPDATES_PER_CHECKOUT + 1);
    const messages = await watcher.waitFor(ids, expectedTotal, 30_000);
    const messageIds = messages.map((m) => m.msgId);
    expect(new Set(messageIds).size).toBe(messageIds.length);
    expect(messages.length).toBe(expectedTotal);
    for (const id of ids) {
      const rows: { id: string }[] = await first.dataSource.query(
        'SELECT id FROM outbox WHERE aggregate_id = $1 ORDER BY sequence',
        [id],
      );
      expect(watcher.of(id).map((m) => m.envelope.id)).toEqual(rows.map((row) => row.id));
    }
    const published = await Promise.all([
      relayOf(first).metrics.values(),
      second ? relayOf(second).metrics.values() : extraRelay!.metrics.values(),
    ]);
    // Informational: how the work split between the two relays.
    console.log(
      `two relays published ${published.map((p) => p.published).join(' + ')} events; ` +
        `mean commit-to-ack lag ${published.map((p) => `${(p.meanLagSeconds * 1000).toFixed(1)} ms`).join(', ')}`,
    );
  });
});
