import { CheckoutResponse } from '../../src/checkout/http/checkout.response';
import {
  aContactBody,
  anAddressBody,
  billingPath,
  checkoutPath,
  checkoutWithAddress,
  CONTACT,
  expectProblem,
  expectValidationErrors,
  ordersPath,
  outboxSummary,
} from '../support/checkout-api';
import { TestApp, uniqueShopper } from '../support/test-app';

describe('checkout API: POST .../orders', () => {
  let t: TestApp;
  let checkout: { id: string; addressId: string; token: string };

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    checkout = await checkoutWithAddress(t, uniqueShopper());
  });

  const placeOrder = (options: { body?: unknown; headers?: Record<string, string> } = {}) =>
    t.request('POST', ordersPath(checkout.id), { token: checkout.token, ...options });
  const read = async () =>
    (
      await t.request('GET', checkoutPath(checkout.id), { token: checkout.token })
    ).json<CheckoutResponse>();

  it('200 with { id: orderId }; the checkout is then completed and records CheckoutCompleted', async () => {
    const response = await placeOrder();

    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"3"');
    const order = response.json();
    expect(order).toEqual({ id: expect.any(Number) });
    expect(Number.isInteger(order.id)).toBe(true);
    const current = await read();
    expect(current).toMatchObject({
      version: 3,
      orderId: order.id,
      outstandingBalance: 0,
      grandTotal: 49,
    });

    expect((await outboxSummary(t, checkout.id)).slice(3)).toEqual([
      ['checkout.CheckoutCompleted', 3],
    ]);
    const rows = await t.outbox(checkout.id);
    expect(rows[3]!.payload).toEqual({
      checkoutId: checkout.id,
      orderId: order.id,
      grandTotal: 49,
      currency: 'USD',
    });
  });

  it('gives every order its own id', async () => {
    const first = (await placeOrder()).json().id;
    checkout = await checkoutWithAddress(t, uniqueShopper());
    const second = (await placeOrder()).json().id;
    expect(second).not.toBe(first);
  });

  it('honours a version in the body and If-Match', async () => {
    const stale = await placeOrder({ body: { version: 1 } });
    expect(expectProblem(stale, 409, ordersPath(checkout.id)).currentVersion).toBe(2);
    const staleHeader = await placeOrder({ headers: { 'if-match': '"1"' } });
    expect(expectProblem(staleHeader, 409).currentVersion).toBe(2);
    expect((await read()).orderId).toBeNull();
    expect(await outboxSummary(t, checkout.id)).toHaveLength(3);

    expect((await placeOrder({ body: { version: 2 } })).statusCode).toBe(200);
  });

  it('400 for an invalid version or an unknown field', async () => {
    expectValidationErrors(await placeOrder({ body: { version: 0 } }), ['version']);
    expectValidationErrors(await placeOrder({ body: { coupon: 'x' } }), ['coupon']);
    expect((await read()).orderId).toBeNull();
  });

  it('409 for a checkout without billing address', async () => {
    const shopper = uniqueShopper();
    const bare = await t.createCheckout(shopper);
    const response = await t.request('POST', ordersPath(bare.id), { token: t.shopper(shopper) });
    expectProblem(response, 409, ordersPath(bare.id));
    expect(await outboxSummary(t, bare.id)).toEqual([['checkout.CheckoutCreated', 1]]);
  });

  it('404 for a checkout of another shopper', async () => {
    const response = await t.request('POST', ordersPath(checkout.id), {
      token: t.shopper(uniqueShopper()),
    });
    expectProblem(response, 404, ordersPath(checkout.id));
    expect((await read()).orderId).toBeNull();
  });

  it('after completion, every edit is a 409 and changes nothing', async () => {
    const { id: orderId } = (await placeOrder()).json();
    const before = await read();
    const outboxBefore = await outboxSummary(t, checkout.id);

    const edits = [
      await placeOrder(),
      await t.request('POST', CONTACT, { token: checkout.token, body: aContactBody(checkout.id) }),
      await t.request('POST', billingPath(checkout.id), {
        token: checkout.token,
        body: anAddressBody(),
      }),
      await t.request('PUT', billingPath(checkout.id, checkout.addressId), {
        token: checkout.token,
        body: anAddressBody({ city: 'Late' }),
      }),
      await t.request('PUT', billingPath(checkout.id, checkout.addressId), {
        token: t.merchant(),
        body: anAddressBody({ city: 'Late' }),
      }),
    ];

    for (const response of edits) {
      const problem = expectProblem(response, 409);
      expect(problem.type).toBe(expectProblem(edits[0]!, 409).type);
    }
    expect(await read()).toEqual(before);
    expect(before.orderId).toBe(orderId);
    expect(await outboxSummary(t, checkout.id)).toEqual(outboxBefore);
  });
});
