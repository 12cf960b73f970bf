/**
 * OWASP API3 (broken object property level authorization, "mass assignment"): server-owned
 * properties sent by a client are refused with a 400 naming them, never silently applied or
 * dropped, and nothing is persisted. Prototype pollution attempts are refused by the JSON parser.
 */
import {
  aContactBody,
  anAddressBody,
  billingPath,
  checkoutWithAddress,
  CONTACT,
  expectProblem,
  ordersPath,
} from '../support/checkout-api';
import { databaseFingerprint } from '../support/security';
import { TestApp, uniqueShopper } from '../support/test-app';

const SERVER_OWNED = {
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  version: 7,
  shopperId: 'someone-else',
  channelId: 2,
  orderId: 100001,
  status: 'completed',
  grandTotal: 0,
  subtotal: 0,
  cartAmount: 0,
  baseAmount: 0,
  outstandingBalance: 0,
  taxTotal: 0,
  createdTime: '2000-01-01T00:00:00.000Z',
  updatedTime: '2000-01-01T00:00:00.000Z',
  customer: { shopperId: 'someone-else' },
  cart: { cartAmount: 0 },
  billingAddress: { id: 'attacker-chosen' },
  contact: { email: 'attacker@example.com' },
  announcements: [],
};

describe('mass assignment: server-owned fields are a 400 and change nothing', () => {
  let t: TestApp;
  let checkout: { id: string; addressId: string; token: string };

  beforeAll(async () => {
    t = await TestApp.startIsolated();
    checkout = await checkoutWithAddress(t, uniqueShopper('mass'));
  });
  afterAll(() => t.close());

  const lineItem = { productId: 'sku-1', name: 'Beans', quantity: 1, unitPrice: 10 };
  const createBody = (shopperId: string) => ({ shopperId, currency: 'USD', lineItems: [lineItem] });

  async function expectRefused(
    method: string,
    path: string,
    token: string,
    body: Record<string, unknown>,
    field: string,
  ): Promise<void> {
    const before = await databaseFingerprint(t);
    const response = await t.request(method, path, { token, body });
    const problem = expectProblem(response, 400, path);
    expect({ field, errors: Object.keys(problem.fields ?? {}) }).toEqual({
      field,
      errors: expect.arrayContaining([field]),
    });
    expect(await databaseFingerprint(t)).toEqual(before);
  }

  it('create: id, version, channelId, orderId, totals, status and nested line item ids are refused', async () => {
    // shopperId is an input of create.
    const owned: Record<string, unknown> = { ...SERVER_OWNED };
    delete owned.shopperId;
    for (const [field, value] of Object.entries(owned)) {
      const shopper = uniqueShopper('create');
      await expectRefused(
        'POST',
        '/api/checkouts',
        t.merchant(),
        { ...createBody(shopper), [field]: value },
        field,
      );
    }
    for (const [field, value] of Object.entries({
      id: 'x',
      extendedSalePrice: 0,
      salePrice: 0,
      listPrice: 0,
      isShippingRequired: false,
    })) {
      const body = {
        ...createBody(uniqueShopper('create')),
        lineItems: [{ ...lineItem, [field]: value }],
      };
      await expectRefused('POST', '/api/checkouts', t.merchant(), body, `lineItems[0].${field}`);
    }
    expect(
      await t.dataSource.query(
        `SELECT count(*)::int AS n FROM checkouts WHERE shopper_id LIKE 'create-%'`,
      ),
    ).toEqual([{ n: 0 }]);
  });

  it('contact, billing address and order: shopperId, channelId, orderId, totals, ids are refused', async () => {
    // version is an input of every edit.
    const owned: Record<string, unknown> = { ...SERVER_OWNED };
    delete owned.version;
    const edits: [string, string, (extra: Record<string, unknown>) => Record<string, unknown>][] = [
      ['POST', CONTACT, (extra) => aContactBody(checkout.id, extra)],
      ['POST', billingPath(checkout.id), (extra) => anAddressBody(extra)],
      ['PUT', billingPath(checkout.id, checkout.addressId), (extra) => anAddressBody(extra)],
      ['POST', ordersPath(checkout.id), (extra) => extra],
    ];
    for (const [method, path, body] of edits) {
      for (const [field, value] of Object.entries(owned)) {
        for (const token of [checkout.token, t.merchant()]) {
          await expectRefused(method, path, token, body({ [field]: value }), field);
        }
      }
    }
    // Nested: the address id inside customFields, and in a "billingAddress" wrapper.
    await expectRefused(
      'PUT',
      billingPath(checkout.id, checkout.addressId),
      checkout.token,
      anAddressBody({ customFields: [{ fieldId: 'f', fieldValue: 'v', id: 'x' }] }),
      'customFields[0].id',
    );
    await expectRefused(
      'PUT',
      billingPath(checkout.id, checkout.addressId),
      checkout.token,
      anAddressBody({ billingAddress: { id: 'attacker-chosen', countryCode: 'US' } }),
      'billingAddress',
    );
  });

  it('__proto__ and constructor.prototype anywhere in the body: 400, nothing persisted, no pollution', async () => {
    const payloads: [string, string, string][] = [
      [
        'POST',
        '/api/checkouts',
        `{"shopperId":"proto-1","currency":"USD","lineItems":[${JSON.stringify(lineItem)}],"__proto__":{"channelId":2}}`,
      ],
      [
        'POST',
        '/api/checkouts',
        `{"shopperId":"proto-2","currency":"USD","lineItems":[{"__proto__":{"unitPrice":0},"productId":"p","name":"n","quantity":1,"unitPrice":1}]}`,
      ],
      [
        'POST',
        '/api/checkouts',
        `{"shopperId":"proto-3","currency":"USD","lineItems":[${JSON.stringify(lineItem)}],"constructor":{"prototype":{"isAdmin":true}}}`,
      ],
      [
        'POST',
        CONTACT,
        `{"sessionId":"${checkout.id}","firstName":"J","lastName":"D","email":"j@example.com","__proto__":{"version":1}}`,
      ],
      [
        'POST',
        billingPath(checkout.id),
        `{"countryCode":"US","constructor":{"prototype":{"polluted":true}}}`,
      ],
      [
        'PUT',
        billingPath(checkout.id, checkout.addressId),
        `{"countryCode":"US","customFields":[{"fieldId":"a","fieldValue":"b","__proto__":{"polluted":true}}]}`,
      ],
      ['POST', ordersPath(checkout.id), `{"__proto__":{"polluted":true}}`],
      // Escaped key spellings are the same key once parsed.
      ['POST', ordersPath(checkout.id), `{"\\u005f\\u005fproto\\u005f\\u005f":{"polluted":true}}`],
    ];
    for (const [method, path, payload] of payloads) {
      const before = await databaseFingerprint(t);
      for (const token of [checkout.token, t.merchant()]) {
        const response = await t.request(method, path, {
          token,
          payload,
          headers: { 'content-type': 'application/json' },
        });
        expectProblem(response, 400, path);
      }
      expect(await databaseFingerprint(t)).toEqual(before);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(
      await t.dataSource.query(
        `SELECT count(*)::int AS n FROM checkouts WHERE shopper_id LIKE 'proto-%'`,
      ),
    ).toEqual([{ n: 0 }]);
  });

  it('controls: the same requests without the extra fields succeed', async () => {
    const created = await t.request('POST', '/api/checkouts', {
      token: t.merchant(),
      body: createBody(uniqueShopper('ok')),
    });
    expect(created.statusCode).toBe(201);
    const put = await t.request('PUT', billingPath(checkout.id, checkout.addressId), {
      token: checkout.token,
      body: anAddressBody(),
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      version: 3,
      channelId: 1,
      orderId: null,
      billingAddress: { id: checkout.addressId },
    });
  });
});
