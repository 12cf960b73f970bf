/**
 * CheckoutAbandoned reminders and CheckoutRecovered, on a clock the test moves: the schedule is
 * written by the saga after each change, and ReminderSender sends what falls due.
 */
import { ReminderSender } from '../../src/checkout/reminders/reminder-sender';
import { Clock } from '../../src/shared/domain/clock';
import {
  aContactBody,
  anAddressBody,
  billingPath,
  CONTACT,
  ordersPath,
} from '../support/checkout-api';
import { announcedCheckout, expectScheduledAt, waitUntilClosed } from '../support/abandoned-carts';
import { TestApp, uniqueShopper } from '../support/test-app';

const HOUR = 3_600_000;

describe('abandoned-cart reminders (ABANDONED_CART_REMINDERS=1h,24h,48h)', () => {
  let t: TestApp;
  let now: number;
  let sender: ReminderSender;

  beforeAll(async () => {
    t = await TestApp.start({}, { ABANDONED_CART_REMINDERS: '1h,24h,48h' });
    sender = t.app.get(ReminderSender);
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(now));
  });
  afterAll(() => t.close());
  beforeEach(() => {
    now = Date.now();
  });

  const reminders = async (checkoutId: string) =>
    (await t.outbox(checkoutId))
      .filter(
        (row) =>
          row.type === 'checkout.CheckoutAbandoned' || row.type === 'checkout.CheckoutRecovered',
      )
      .map((row) => [
        row.type.slice('checkout.'.length),
        row.aggregate_version,
        (row.payload as { reminder: number }).reminder,
      ]);

  it('sends one reminder per delay, each once, with the data of the announced email', async () => {
    const { id } = await announcedCheckout(t);
    const start = now;

    now = start + HOUR - 1000;
    await sender.sendDue();
    expect(await reminders(id)).toEqual([]);

    now = start + HOUR + 1000;
    await sender.sendDue();
    await sender.sendDue();
    expect(await reminders(id)).toEqual([['CheckoutAbandoned', 2, 1]]);

    now = start + 24 * HOUR + 1000;
    await sender.sendDue();
    now = start + 48 * HOUR + 1000;
    await sender.sendDue();
    now = start + 100 * HOUR;
    await sender.sendDue();
    expect(await reminders(id)).toEqual([
      ['CheckoutAbandoned', 2, 1],
      ['CheckoutAbandoned', 2, 2],
      ['CheckoutAbandoned', 2, 3],
    ]);
    const [first] = (await t.outbox(id)).filter((row) => row.type === 'checkout.CheckoutAbandoned');
    expect(first!.payload).toMatchObject({
      checkoutId: id,
      email: 'jane.doe@example.com',
      firstName: 'Jane',
      lastName: 'Doe',
      cartAmount: 49,
      currency: 'USD',
      reminder: 1,
    });
  });

  it('after downtime sends only the highest overdue reminder', async () => {
    const { id } = await announcedCheckout(t);
    now += 30 * HOUR;
    await sender.sendDue();
    expect(await reminders(id)).toEqual([['CheckoutAbandoned', 2, 2]]);
  });

  it('a change between reminders makes the next one due a delay after that change', async () => {
    const { id, token } = await announcedCheckout(t);
    const start = now;
    now = start + HOUR + 1000;
    await sender.sendDue();
    expect(await reminders(id)).toEqual([['CheckoutAbandoned', 2, 1]]);

    // A change at start + 2h: reminder 2 is due at start + 2h + 24h, not at start + 24h.
    now = start + 2 * HOUR;
    const changed = await t.request('POST', billingPath(id), { token, body: anAddressBody() });
    expect(changed.statusCode).toBe(200);
    await expectScheduledAt(t, id, 3);
    now = start + 25 * HOUR;
    await sender.sendDue();
    expect(await reminders(id)).toHaveLength(1);
    now = start + 26 * HOUR + 1000;
    await sender.sendDue();
    expect(await reminders(id)).toEqual([
      ['CheckoutAbandoned', 2, 1],
      ['CheckoutAbandoned', 3, 2],
    ]);
  });

  it('an order before the first reminder: no reminder, no CheckoutRecovered', async () => {
    const { id, token } = await announcedCheckout(t);
    await t.request('POST', billingPath(id), { token, body: anAddressBody() });
    const order = await t.request('POST', ordersPath(id), { token });
    expect(order.statusCode).toBe(200);
    await waitUntilClosed(t, id);
    now += 100 * HOUR;
    await sender.sendDue();
    expect(await reminders(id)).toEqual([]);
  });

  it('an order after a reminder: CheckoutRecovered with that reminder, then nothing more', async () => {
    const { id, token } = await announcedCheckout(t);
    const start = now;
    now = start + HOUR + 1000;
    await sender.sendDue();
    await t.request('POST', billingPath(id), { token, body: anAddressBody() });
    const order = await t.request('POST', ordersPath(id), { token });
    expect(order.statusCode).toBe(200);
    await waitUntilClosed(t, id);
    now = start + 100 * HOUR;
    await sender.sendDue();
    expect(await reminders(id)).toEqual([
      ['CheckoutAbandoned', 2, 1],
      ['CheckoutRecovered', 4, 1],
    ]);
    const recovered = (await t.outbox(id)).find((row) => row.type === 'checkout.CheckoutRecovered');
    expect(recovered!.payload).toEqual({
      checkoutId: id,
      shopperId: expect.any(String),
      channelId: 1,
      orderId: order.json<{ id: number }>().id,
      cartAmount: 49,
      currency: 'USD',
      reminder: 1,
    });
  });
});

describe('abandoned-cart reminders in real time (ABANDONED_CART_REMINDERS=2s)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({}, { ABANDONED_CART_REMINDERS: '2s' });
  });
  afterAll(() => t.close());

  it('the running service sends the reminder on its own, about 2 s after the change', async () => {
    const shopper = uniqueShopper();
    const { id } = await t.createCheckout(shopper);
    const changed = Date.now();
    const response = await t.request('POST', CONTACT, {
      token: t.shopper(shopper),
      body: aContactBody(id),
    });
    expect(response.statusCode).toBe(204);
    let sentAt: number | undefined;
    while (sentAt === undefined && Date.now() - changed < 15_000) {
      const rows = await t.outbox(id);
      if (rows.some((row) => row.type === 'checkout.CheckoutAbandoned')) sentAt = Date.now();
      else await new Promise((done) => setTimeout(done, 100));
    }
    expect(sentAt).toBeDefined();
    expect(sentAt! - changed).toBeGreaterThanOrEqual(2000);
  });
});
