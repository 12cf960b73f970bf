import { JetStreamPublisher } from '../../src/events/jetstream-publisher';
import { Batch } from '../../src/events/outbox-relay';
import {
  delay,
  describeWithNats,
  isolatedDatabase,
  NATS_TEST_URL,
  relayOf,
  startAppWithNats,
  StreamWatcher,
} from '../support/nats';
import { TestApp, uniqueShopper } from '../support/test-app';

/**
 * Rows committed while a batch is being published woke the relay. On PostgreSQL its mark then
 * claims them in the same round trip (the next batch comes back with the mark); on the embedded
 * database the relay claims them on its next turn. Either way every event is published, each
 * checkout's in order, and none is left behind.
 */
describeWithNats('outbox relay: rows committed during a publish', () => {
  let t: TestApp;
  let watcher: StreamWatcher;
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;

  beforeAll(async () => {
    database = await isolatedDatabase();
    watcher = await StreamWatcher.start(NATS_TEST_URL!);
    t = await startAppWithNats(NATS_TEST_URL!, database.url);
  });
  afterAll(async () => {
    await t?.close();
    await watcher?.close();
    await database?.drop();
  });

  it('are claimed with the mark of the batch in flight and published in order', async () => {
    const relay = relayOf(t).relay!;
    const publisher = (relay as unknown as { publisher: JetStreamPublisher }).publisher;
    const realPublish = publisher.publish.bind(publisher);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let stalled = false;
    const publish = jest.spyOn(publisher, 'publish').mockImplementationOnce(async (event) => {
      stalled = true;
      await gate;
      return realPublish(event);
    });
    const chained: Batch[] = [];
    const mark = jest
      .spyOn(relay, 'markPublished')
      .mockImplementation(async (batch, ids, chain) => {
        const next = await batch.complete(ids, chain ? 100 : undefined);
        if (next) chained.push(next);
        return next;
      });
    try {
      const shopper = uniqueShopper('chain-a');
      const first = await t.createCheckout(shopper);
      watcher.watch(first.id);
      for (let waited = 0; !stalled && waited < 10_000; waited += 20) await delay(20);
      expect(stalled).toBe(true);

      // Committed while the first checkout's event waits for its ack.
      const token = t.shopper(shopper);
      for (const firstName of ['Ann', 'Anna']) {
        const response = await t.request('POST', '/api/Checkout/sessions/me/contact', {
          token,
          body: { sessionId: first.id, firstName, lastName: 'Lee', email: 'ann@example.com' },
        });
        expect(response.statusCode).toBe(204);
      }
      const second = await t.createCheckout(uniqueShopper('chain-b'));
      watcher.watch(second.id);
      release();

      const firstMessages = await watcher.waitFor([first.id], 4);
      expect(firstMessages.map((m) => [m.envelope.type, m.envelope.checkoutversion])).toEqual([
        ['checkout.CheckoutCreated', 1],
        ['checkout.ContactUpdated', 2],
        ['checkout.AbandonedCartCandidate', 2],
        ['checkout.ContactUpdated', 3],
      ]);
      expect(await watcher.waitFor([second.id], 1)).toHaveLength(1);
      const unpublished = async (): Promise<number> => {
        const [row] = await t.dataSource.query<{ n: number }[]>(
          'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL AND aggregate_id = ANY($1::uuid[])',
          [[first.id, second.id]],
        );
        return row!.n;
      };
      for (let waited = 0; (await unpublished()) > 0 && waited < 10_000; waited += 25) {
        await delay(25);
      }
      expect(await unpublished()).toBe(0);
      if (database.url) {
        // The batch that came back with the first mark held the rows committed meanwhile.
        const claimedWithMark = chained.flatMap((batch) => batch.events.map((e) => e.aggregateId));
        expect(claimedWithMark).toEqual(expect.arrayContaining([first.id, second.id]));
      } else {
        expect(chained).toEqual([]);
      }
    } finally {
      release();
      publish.mockRestore();
      mark.mockRestore();
    }
  });

  it('a due prune first rolls back a batch claimed with the mark, which is published after', async () => {
    const relay = relayOf(t).relay!;
    const internals = relay as unknown as {
      publisher: JetStreamPublisher;
      next?: Batch;
      lastPrune: number;
    };
    const realPublish = internals.publisher.publish.bind(internals.publisher);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let stalled = false;
    const publish = jest
      .spyOn(internals.publisher, 'publish')
      .mockImplementationOnce(async (event) => {
        stalled = true;
        await gate;
        return realPublish(event);
      });
    const heldDuringPrune: (Batch | undefined)[] = [];
    const prune = jest.spyOn(relay, 'pruneNow').mockImplementation(() => {
      heldDuringPrune.push(internals.next);
      return Promise.resolve(0);
    });
    try {
      const first = await t.createCheckout(uniqueShopper('prune-a'));
      watcher.watch(first.id);
      for (let waited = 0; !stalled && waited < 10_000; waited += 20) await delay(20);
      expect(stalled).toBe(true);
      const second = await t.createCheckout(uniqueShopper('prune-b'));
      watcher.watch(second.id);
      internals.lastPrune = 0; // due now, right after this batch
      release();

      expect(await watcher.waitFor([first.id], 1)).toHaveLength(1);
      expect(await watcher.waitFor([second.id], 1)).toHaveLength(1);
      expect(heldDuringPrune).toEqual([undefined]);
    } finally {
      release();
      publish.mockRestore();
      prune.mockRestore();
    }
  });
});
