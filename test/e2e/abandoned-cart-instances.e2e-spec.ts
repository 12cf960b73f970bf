/**
 * Two instances on one PostgreSQL database drain the same due reminders: 1,000 checkouts due at
 * the same moment, each reminder written to the outbox exactly once, and how long that took. Needs
 * a shared database server (TEST_DATABASE_URL); skipped, saying so, on the embedded one.
 */
import { ReminderSender } from '../../src/checkout/reminders/reminder-sender';
import { Clock } from '../../src/shared/domain/clock';
import { announcedCheckout, dueTogether } from '../support/abandoned-carts';
import { TestApp } from '../support/test-app';

const CHECKOUTS = 1000;
const HOUR = 3_600_000;
const shared = process.env.TEST_DATABASE_ADMIN_URL !== undefined;
const describeShared = shared ? describe : describe.skip;
if (!shared) console.warn('Skipping the two-instance reminder test: it needs TEST_DATABASE_URL.');

describeShared('abandoned-cart reminders on two instances', () => {
  let a: TestApp;
  let b: TestApp;
  let now = Date.now();

  beforeAll(async () => {
    a = await TestApp.start();
    b = await TestApp.start();
    for (const t of [a, b]) {
      jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(now));
    }
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it(`send each of ${CHECKOUTS} due reminders once between them`, async () => {
    const { id } = await announcedCheckout(a);
    // The other checkouts: copies of this one and of its schedule, due at the same moment.
    const ids = await dueTogether(a, id, CHECKOUTS);

    now += HOUR + 1000;
    const started = performance.now();
    const [sentByA, sentByB] = await Promise.all(
      [a, b].map((t) => t.app.get(ReminderSender).sendDue()),
    );
    const elapsed = performance.now() - started;
    console.log(
      `${CHECKOUTS} reminders due at once: drained in ${elapsed.toFixed(0)} ms by two instances (${sentByA} + ${sentByB})`,
    );

    const written: { aggregate_id: string; n: number }[] = await a.dataSource.query(
      `SELECT aggregate_id, count(*)::int AS n FROM outbox
        WHERE type = 'checkout.CheckoutAbandoned' AND aggregate_id = ANY($1::uuid[])
        GROUP BY aggregate_id`,
      [ids],
    );
    expect(written).toHaveLength(CHECKOUTS);
    expect(written.every((row) => row.n === 1)).toBe(true);
    // Both took part (other test files' due checkouts may be in their counts too).
    expect(sentByA).toBeGreaterThan(0);
    expect(sentByB).toBeGreaterThan(0);
  });

  it('a restart between due time and emission: the next instance sends it, once', async () => {
    const { id } = await announcedCheckout(a);
    // The reminder falls due while no instance runs.
    await a.close();
    now += HOUR + 1000;
    a = await TestApp.start();
    jest.spyOn(a.app.get(Clock), 'now').mockImplementation(() => new Date(now));
    await a.app.get(ReminderSender).sendDue();
    await b.app.get(ReminderSender).sendDue();
    await a.app.get(ReminderSender).sendDue();
    const rows = await a.outbox(id);
    expect(rows.filter((row) => row.type === 'checkout.CheckoutAbandoned')).toHaveLength(1);
  });
});
