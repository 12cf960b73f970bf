import { CheckoutResponse } from '../../src/checkout/http/checkout.response';
import {
  checkoutPath,
  expectProblem,
  expectValidationErrors,
  outboxSummary,
} from '../support/checkout-api';
import { TestApp, uniqueShopper } from '../support/test-app';

const CHECKOUT_FIELDS = [
  'id',
  'version',
  'billingAddress',
  'cart',
  'channelId',
  'consignments',
  'coupons',
  'fees',
  'createdTime',
  'updatedTime',
  'customer',
  'customerMessage',
  'giftCertificates',
  'giftWrappingCostTotal',
  'grandTotal',
  'handlingCostTotal',
  'isStoreCreditApplied',
  'orderId',
  'outstandingBalance',
  'payments',
  'promotions',
  'shippingCostBeforeDiscount',
  'shippingCostTotal',
  'shouldExecuteSpamCheck',
  'subtotal',
  'taxes',
  'taxTotal',
  'contact',
];
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('checkout API: create and read a checkout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>, token = t.merchant()) =>
    t.request('POST', '/api/checkouts', { token, body });
  const aCreateBody = (overrides: Record<string, unknown> = {}) => ({
    shopperId: uniqueShopper(),
    currency: 'USD',
    lineItems: [{ productId: 'sku-1', name: 'Espresso beans', quantity: 2, unitPrice: 24.5 }],
    ...overrides,
  });
  const item = (overrides: Record<string, unknown> = {}) => ({
    productId: 'p',
    name: 'n',
    quantity: 1,
    unitPrice: 1,
    ...overrides,
  });

  it("POST /api/checkouts: 201 with the Checkout at version 1 in the merchant's channel", async () => {
    const body = aCreateBody();
    const response = await create(body, t.merchant(5));

    expect(response.statusCode).toBe(201);
    expect(response.headers.etag).toBe('"1"');
    const checkout = response.json<CheckoutResponse>();
    expect(response.headers.location).toBe(checkoutPath(checkout.id));
    expect(Object.keys(checkout).sort()).toEqual([...CHECKOUT_FIELDS].sort());
    expect(checkout).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      version: 1,
      channelId: 5,
      billingAddress: null,
      contact: null,
      orderId: null,
      consignments: [],
      coupons: [],
      fees: [],
      giftCertificates: [],
      payments: [],
      promotions: [],
      taxes: [],
      customerMessage: '',
      giftWrappingCostTotal: 0,
      handlingCostTotal: 0,
      shippingCostBeforeDiscount: 0,
      shippingCostTotal: 0,
      taxTotal: 0,
      isStoreCreditApplied: false,
      shouldExecuteSpamCheck: false,
      subtotal: 49,
      grandTotal: 49,
      outstandingBalance: 49,
      customer: { shopperId: body.shopperId, email: null, firstName: null, lastName: null },
      cart: {
        id: checkout.id,
        currency: { code: 'USD' },
        baseAmount: 49,
        cartAmount: 49,
        lineItems: {
          physicalItems: [
            {
              id: expect.any(String),
              productId: 'sku-1',
              name: 'Espresso beans',
              quantity: 2,
              listPrice: 24.5,
              salePrice: 24.5,
              extendedListPrice: 49,
              extendedSalePrice: 49,
            },
          ],
        },
      },
    });
    expect(checkout.createdTime).toMatch(ISO_TIME);
    expect(checkout.updatedTime).toBe(checkout.createdTime);

    expect(await outboxSummary(t, checkout.id)).toEqual([['checkout.CheckoutCreated', 1]]);
    const [created] = await t.outbox(checkout.id);
    expect(created!.payload).toEqual({
      checkoutId: checkout.id,
      shopperId: body.shopperId,
      channelId: 5,
      currency: 'USD',
      cartAmount: 49,
      lineItems: [{ productId: 'sku-1', name: 'Espresso beans', quantity: 2, unitPrice: 24.5 }],
    });
  });

  it('GET: 200 with the same Checkout and ETag "<version>"', async () => {
    const shopper = uniqueShopper();
    const created = await t.createCheckout(shopper);
    const response = await t.request('GET', checkoutPath(created.id), {
      token: t.shopper(shopper),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"1"');
    expect(response.json()).toEqual(created);
  });

  it('GET accepts the checkout id in upper case', async () => {
    const shopper = uniqueShopper();
    const created = await t.createCheckout(shopper);
    const response = await t.request('GET', checkoutPath(created.id.toUpperCase()), {
      token: t.shopper(shopper),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().id).toBe(created.id);
  });

  it('GET: 400 for a checkout id that is not a UUID, 404 for one that does not exist', async () => {
    const token = t.merchant();
    expectValidationErrors(await t.request('GET', checkoutPath('not-a-uuid'), { token }), [
      'checkoutId',
    ]);
    const missing = checkoutPath(crypto.randomUUID());
    expectProblem(await t.request('GET', missing, { token }), 404, missing);
  });

  describe('money is exact (integer minor units inside)', () => {
    it('0.1 + 0.2 is 0.3, and 3 x 1.1 is 3.3', async () => {
      const response = await create(
        aCreateBody({
          lineItems: [
            item({ unitPrice: 0.1 }),
            item({ unitPrice: 0.2 }),
            item({ unitPrice: 1.1, quantity: 3 }),
          ],
        }),
      );
      expect(response.statusCode).toBe(201);
      const checkout = response.json<CheckoutResponse>();
      expect(checkout.cart.lineItems.physicalItems.map((line) => line.extendedSalePrice)).toEqual([
        0.1, 0.2, 3.3,
      ]);
      expect(checkout.cart.cartAmount).toBe(3.6);
      expect(checkout.cart.baseAmount).toBe(3.6);
      expect(checkout.subtotal).toBe(3.6);
      expect(checkout.grandTotal).toBe(3.6);
      const read = await t.request('GET', checkoutPath(checkout.id), { token: t.merchant() });
      expect(read.json().grandTotal).toBe(3.6);
    });

    it('JPY has no decimals', async () => {
      const response = await create(
        aCreateBody({ currency: 'JPY', lineItems: [item({ unitPrice: 1500, quantity: 3 })] }),
      );
      expect(response.statusCode).toBe(201);
      expect(response.json().cart).toMatchObject({
        currency: { code: 'JPY', decimalPlaces: 0 },
        cartAmount: 4500,
      });
    });

    it.each([
      ['USD', 19.999],
      ['JPY', 0.5],
    ])('refuses %s %p with a field error on the price', async (currency, unitPrice) => {
      const response = await create(
        aCreateBody({ currency, lineItems: [item(), item({ unitPrice })] }),
      );
      expectValidationErrors(response, ['lineItems[1].unitPrice']);
    });
  });

  describe('validation', () => {
    it.each<[string, Record<string, unknown>, string[]]>([
      ['unknown field', { coupon: 'FREE' }, ['coupon']],
      ['missing shopperId', { shopperId: undefined }, ['shopperId']],
      ['empty shopperId', { shopperId: '' }, ['shopperId']],
      ['shopperId over 255', { shopperId: 'x'.repeat(256) }, ['shopperId']],
      ['unknown currency', { currency: 'XYZ' }, ['currency']],
      ['lower-case currency', { currency: 'usd' }, ['currency']],
      ['no line items', { lineItems: [] }, ['lineItems']],
      ['101 line items', { lineItems: Array.from({ length: 101 }, () => item()) }, ['lineItems']],
      ['quantity 0', { lineItems: [item({ quantity: 0 })] }, ['lineItems[0].quantity']],
      ['quantity 1000', { lineItems: [item({ quantity: 1000 })] }, ['lineItems[0].quantity']],
      ['fractional quantity', { lineItems: [item({ quantity: 1.5 })] }, ['lineItems[0].quantity']],
      ['negative price', { lineItems: [item({ unitPrice: -1 })] }, ['lineItems[0].unitPrice']],
      [
        'price as a string',
        { lineItems: [item({ unitPrice: '1.00' })] },
        ['lineItems[0].unitPrice'],
      ],
      ['name over 255', { lineItems: [item({ name: 'n'.repeat(256) })] }, ['lineItems[0].name']],
      ['unknown line item field', { lineItems: [item({ sku: 'x' })] }, ['lineItems[0].sku']],
    ])('%s: 400', async (_case, overrides, fields) => {
      const shopperId = uniqueShopper();
      const response = await create(aCreateBody({ shopperId, ...overrides }));
      expectValidationErrors(response, fields);
      const [{ count }] = await t.dataSource.query(
        'SELECT count(*)::int AS count FROM checkouts WHERE shopper_id = $1',
        [shopperId],
      );
      expect(count).toBe(0);
    });

    it('accepts 100 line items and quantities 1 and 999', async () => {
      const lineItems = Array.from({ length: 100 }, (_, index) =>
        item({ quantity: index === 0 ? 999 : 1 }),
      );
      const response = await create(aCreateBody({ lineItems }));
      expect(response.statusCode).toBe(201);
      expect(response.json().cart.cartAmount).toBe(1098);
    });
  });
});
