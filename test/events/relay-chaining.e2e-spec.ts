import { Batch } from '../../src/events/outbox-relay';
import {
  delay,
  describeWithNats,
  holdNextPublish,
  relayingAppPerFile,
  relayOf,
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
  const fixture = relayingAppPerFile();
  let t: TestApp;
  let watcher: StreamWatcher;
  beforeAll(() => {
    ({ t, watcher } = fixture);
  });

  it('are claimed with the mark of the batch in flight and published in order', async () => {
    const relay = relayOf(t).relay!;
    const publish = holdNextPublish(relay);
    const chained: Batch[] = [];
    const realMark = relay.markPublished.bind(relay);
    const mark = jest.spyOn(relay, 'markPublished').mockImplementation(async (...args) => {
      const next = await realMark(...args);
      if (next) chained.push(next);
      return next;
    });
    try {
      const shopper = uniqueShopper('chain-a');
      const first = await t.createCheckout(shopper);
      watcher.watch(first.id);
      expect(await publish.reached()).toBe(true);

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
      publish.release();

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
      if (t.config.database.kind === 'postgres') {
        // The batch that came back with the first mark held the rows committed meanwhile.
        const claimedWithMark = chained.flatMap((batch) => batch.events.map((e) => e.aggregateId));
        expect(claimedWithMark).toEqual(expect.arrayContaining([first.id, second.id]));
      } else {
        expect(chained).toEqual([]);
      }
    } finally {
      publish.restore();
      mark.mockRestore();
    }
  });
});
