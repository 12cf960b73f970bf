/**
 * Two instances relaying to JetStream, on one PostgreSQL database, with reminders due for many
 * checkouts at once: on the stream, each checkout's CheckoutAbandoned reminder appears exactly
 * once. Needs NATS_TEST_URL and a shared database server (TEST_DATABASE_URL).
 */
import { ReminderSender } from '../../src/checkout/reminders/reminder-sender';
import { Clock } from '../../src/shared/domain/clock';
import { announcedCheckout, dueTogether } from '../support/abandoned-carts';
import {
  delay,
  isolatedDatabase,
  NATS_TEST_URL,
  startAppWithNats,
  StreamWatcher,
} from '../support/nats';
import { TestApp } from '../support/test-app';

const CHECKOUTS = 300;
const HOUR = 3_600_000;
const runs = NATS_TEST_URL !== undefined && process.env.TEST_DATABASE_ADMIN_URL !== undefined;
if (!runs)
  console.warn('Skipping the reminder stream test: it needs NATS_TEST_URL and TEST_DATABASE_URL.');

(runs ? describe : describe.skip)('abandoned-cart reminders on the stream, two instances', () => {
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let watcher: StreamWatcher;
  let a: TestApp;
  let b: TestApp;
  let now = Date.now();

  beforeAll(async () => {
    database = await isolatedDatabase();
    watcher = await StreamWatcher.start(NATS_TEST_URL!);
    a = await startAppWithNats(NATS_TEST_URL!, database.url);
    b = await startAppWithNats(NATS_TEST_URL!, database.url);
    for (const t of [a, b]) {
      jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(now));
    }
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await watcher?.close();
    await database?.drop();
  });

  it(`each of ${CHECKOUTS} reminders is on the stream once`, async () => {
    const { id } = await announcedCheckout(a);
    // The other checkouts: copies of this one and of its schedule, due at the same moment.
    const ids = await dueTogether(a, id, CHECKOUTS);
    watcher.watch(...ids);

    now += HOUR + 1000;
    await Promise.all([a, b].map((t) => t.app.get(ReminderSender).sendDue()));
    // Both relays publish; wait until every reminder arrived, then a grace for any duplicate.
    const deadline = Date.now() + 30_000;
    const reminders = () =>
      watcher.of().filter((m) => m.envelope.type === 'checkout.CheckoutAbandoned');
    while (reminders().length < CHECKOUTS && Date.now() < deadline) await delay(50);
    await delay(1000);

    const perCheckout = new Map<string, number>();
    for (const message of reminders()) {
      perCheckout.set(
        message.envelope.subject,
        (perCheckout.get(message.envelope.subject) ?? 0) + 1,
      );
    }
    expect(perCheckout.size).toBe(CHECKOUTS);
    expect([...perCheckout.values()].every((count) => count === 1)).toBe(true);
    expect(reminders().every((m) => m.natsSubject === 'checkout.CheckoutAbandoned')).toBe(true);
  });
});
