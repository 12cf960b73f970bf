import { ReadinessChecks } from '../../src/shared/readiness/readiness-checks';
import {
  delay,
  describeWithNats,
  isolatedDatabase,
  NATS_TEST_URL,
  startAppWithNats,
  StreamWatcher,
  TcpProxy,
} from '../support/nats';
import { TestApp, uniqueShopper } from '../support/test-app';

const CHECKOUTS = 10;
const UPDATES_PER_CHECKOUT = 50;

describeWithNats('outbox relay: broker outage', () => {
  let t: TestApp;
  let watcher: StreamWatcher;
  let proxy: TcpProxy;
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;

  beforeAll(async () => {
    database = await isolatedDatabase();
    watcher = await StreamWatcher.start(NATS_TEST_URL!);
    proxy = TcpProxy.forUrl(NATS_TEST_URL!);
    await proxy.start();
    t = await startAppWithNats(proxy.url, database.url);
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.stop();
    await watcher?.close();
    await database?.drop();
  });

  it('requests succeed while NATS is unreachable; afterwards every event arrives once, in order', async () => {
    const shoppers = Array.from({ length: CHECKOUTS }, () => uniqueShopper('outage'));
    const checkouts: { id: string }[] = [];
    for (const shopper of shoppers) checkouts.push(await t.createCheckout(shopper));
    const ids = checkouts.map((c) => c.id);
    watcher.watch(...ids);
    await watcher.waitFor(ids, CHECKOUTS, 15_000);
    expect(watcher.of().length).toBe(CHECKOUTS);

    await proxy.stop();
    const broker = new Map(t.app.get(ReadinessChecks).entries()).get('broker')!;
    const statuses = await Promise.all(
      checkouts.map(async (checkout, index) => {
        const codes: number[] = [];
        const token = t.shopper(shoppers[index]!);
        for (let n = 1; n <= UPDATES_PER_CHECKOUT; n += 1) {
          const response = await t.request('POST', '/api/Checkout/sessions/me/contact', {
            token,
            body: {
              sessionId: checkout.id,
              firstName: `Ann ${n}`,
              lastName: 'Lee',
              email: 'ann@example.com',
            },
          });
          codes.push(response.statusCode);
        }
        return codes;
      }),
    );
    expect(statuses.flat().filter((code) => code !== 204)).toEqual([]);
    await expect(broker()).rejects.toThrow();
    const pendingDuringOutage: { n: number }[] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL AND aggregate_id = ANY($1::uuid[])',
      [ids],
    );
    expect(pendingDuringOutage[0]!.n).toBeGreaterThan(0);

    await delay(300);
    await proxy.start();
    // Each checkout: created, 50 contact updates, one abandoned-cart announcement (same email).
    const expectedTotal = CHECKOUTS * (1 + UPDATES_PER_CHECKOUT + 1);
    const messages = await watcher.waitFor(ids, expectedTotal, 40_000);
    const messageIds = messages.map((m) => m.msgId);
    expect(new Set(messageIds).size).toBe(messageIds.length);
    expect(messages.length).toBe(expectedTotal);

    for (const id of ids) {
      const rows: { id: string }[] = await t.dataSource.query(
        'SELECT id FROM outbox WHERE aggregate_id = $1 ORDER BY sequence',
        [id],
      );
      expect(watcher.of(id).map((m) => m.envelope.id)).toEqual(rows.map((row) => row.id));
    }
    await expect(broker()).resolves.toBeUndefined();
  });
});
