import { CheckoutResponse } from '../../src/checkout/http/checkout.response';
import {
  anAddressBody,
  billingPath,
  checkoutPath,
  checkoutWithAddress,
  expectProblem,
  expectValidationErrors,
  ordersPath,
  outboxSummary,
} from '../support/checkout-api';
import { TestApp, uniqueShopper } from '../support/test-app';

const BILLING_FIELDS = [
  'id',
  'firstName',
  'lastName',
  'email',
  'company',
  'address1',
  'address2',
  'city',
  'stateOrProvince',
  'stateOrProvinceCode',
  'country',
  'countryCode',
  'postalCode',
  'phone',
  'customFields',
];

describe('checkout API: billing address', () => {
  let t: TestApp;
  let shopper: string;
  let token: string;
  let checkout: CheckoutResponse;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    shopper = uniqueShopper();
    token = t.shopper(shopper);
    checkout = await t.createCheckout(shopper);
  });

  const add = (body: unknown, as = token, headers?: Record<string, string>) =>
    t.request('POST', billingPath(checkout.id), { token: as, body, headers });
  const update = (addressId: string, body: unknown, as = token, headers?: Record<string, string>) =>
    t.request('PUT', billingPath(checkout.id, addressId), { token: as, body, headers });
  const read = async () =>
    (
      await t.request('GET', checkoutPath(checkout.id), { token: t.merchant() })
    ).json<CheckoutResponse>();

  describe('POST .../billing-address', () => {
    it('200 with the whole Checkout carrying the address and its opaque id', async () => {
      const body = anAddressBody({
        company: 'Acme Coffee',
        address2: 'Suite 400',
        phone: '+1 512 555 0100',
        customFields: [{ fieldId: 'field_25', fieldValue: 'Leave at the door' }],
      });
      const response = await add(body);

      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe('"2"');
      const result = response.json();
      expect(result).toMatchObject({
        id: checkout.id,
        version: 2,
        createdTime: checkout.createdTime,
        cart: { ...checkout.cart, updatedTime: result.updatedTime },
      });
      expect(result.updatedTime >= checkout.updatedTime).toBe(true);
      expect(Object.keys(result.billingAddress).sort()).toEqual([...BILLING_FIELDS].sort());
      expect(result.billingAddress).toEqual({ ...body, id: expect.any(String) });
      expect(await read()).toEqual(result);
    });

    it('fills fields the request omitted with empty strings, and the country name from its code, BigCommerce style', async () => {
      const response = await add({ countryCode: 'DE', email: 'jane@example.com' });
      expect(response.statusCode).toBe(200);
      expect(response.json().billingAddress).toEqual({
        id: expect.any(String),
        firstName: '',
        lastName: '',
        email: 'jane@example.com',
        company: '',
        address1: '',
        address2: '',
        city: '',
        stateOrProvince: '',
        stateOrProvinceCode: '',
        country: 'Germany',
        countryCode: 'DE',
        postalCode: '',
        phone: '',
        customFields: [],
      });
      expect((await read()).billingAddress).toEqual(response.json().billingAddress);
    });

    it('stores what was sent: a later read equals the response, spaces included', async () => {
      const response = await add(anAddressBody({ firstName: ' Jane ', city: 'Austin  ' }));
      expect(response.json().billingAddress).toMatchObject({
        firstName: ' Jane ',
        city: 'Austin  ',
      });
      expect(await read()).toEqual(response.json());
    });

    it('records BillingAddressAdded and AbandonedCartCandidate with exactly the contract data', async () => {
      const response = await add(anAddressBody());
      const address = response.json().billingAddress;

      expect(await outboxSummary(t, checkout.id)).toEqual([
        ['checkout.CheckoutCreated', 1],
        ['checkout.BillingAddressAdded', 2],
        ['checkout.AbandonedCartCandidate', 2],
      ]);
      const [, added, candidate] = await t.outbox(checkout.id);
      expect(added!.payload).toEqual({
        checkoutId: checkout.id,
        billingAddress: { ...anAddressBody(), id: address.id },
      });
      expect(candidate!.payload).toEqual({
        checkoutId: checkout.id,
        shopperId: shopper,
        channelId: 1,
        email: 'jane.doe@example.com',
        firstName: 'Jane',
        lastName: 'Doe',
        cartAmount: 49,
        currency: 'USD',
        trigger: 'AddBillingAddress',
      });
    });

    it('requires an email from a guest', async () => {
      const response = await add(anAddressBody({ email: undefined }));
      expectValidationErrors(response, ['email']);
      expect((await read()).billingAddress).toBeNull();
      expect(await outboxSummary(t, checkout.id)).toHaveLength(1);
    });

    it("sets a customer's omitted email from the token", async () => {
      const customer = t.shopper(shopper, 'customer', 'signed.in@example.com');
      const response = await add(anAddressBody({ email: undefined }), customer);
      expect(response.statusCode).toBe(200);
      expect(response.json().billingAddress.email).toBe('signed.in@example.com');
    });

    it('lets the merchant add an address without email: no AbandonedCartCandidate', async () => {
      const response = await add(anAddressBody({ email: undefined }), t.merchant());
      expect(response.statusCode).toBe(200);
      expect(response.json().billingAddress.email).toBe('');
      expect(await outboxSummary(t, checkout.id)).toEqual([
        ['checkout.CheckoutCreated', 1],
        ['checkout.BillingAddressAdded', 2],
      ]);
    });

    it('409 when the checkout already has a billing address; nothing changed', async () => {
      const first = (await add(anAddressBody())).json();
      const response = await add(anAddressBody({ city: 'Dallas' }));
      expectProblem(response, 409, billingPath(checkout.id));
      expect(await read()).toEqual(first);
      expect(await outboxSummary(t, checkout.id)).toHaveLength(3);
    });

    it('accepts the checkout id in upper case', async () => {
      const response = await t.request('POST', billingPath(checkout.id.toUpperCase()), {
        token,
        body: anAddressBody(),
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().id).toBe(checkout.id);
    });
  });

  describe('PUT .../billing-address/{addressId}', () => {
    it('200: replaces the address under the same id; records BillingAddressUpdated', async () => {
      const { id: addressId } = (await add(anAddressBody())).json().billingAddress;
      const body = anAddressBody({ city: 'Dallas', address1: '9 Elm St', email: undefined });

      const response = await update(addressId, body);

      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe('"3"');
      expect(response.json().billingAddress).toMatchObject({
        id: addressId,
        city: 'Dallas',
        address1: '9 Elm St',
        email: 'jane.doe@example.com',
      });
      expect(await read()).toEqual(response.json());
      // No email in the request: no AbandonedCartCandidate.
      expect((await outboxSummary(t, checkout.id)).slice(3)).toEqual([
        ['checkout.BillingAddressUpdated', 3],
      ]);
      const rows = await t.outbox(checkout.id);
      expect(rows[3]!.payload).toEqual({
        checkoutId: checkout.id,
        billingAddress: { ...body, email: 'jane.doe@example.com', id: addressId },
      });
    });

    it('announces a new email with trigger UpdateBillingAddress', async () => {
      const { id: addressId } = (await add(anAddressBody())).json().billingAddress;
      await update(addressId, anAddressBody({ email: 'new@example.com', firstName: 'Janet' }));
      const rows = await t.outbox(checkout.id);
      expect(rows.map((row) => [row.type, row.aggregate_version]).slice(3)).toEqual([
        ['checkout.BillingAddressUpdated', 3],
        ['checkout.AbandonedCartCandidate', 3],
      ]);
      expect(rows[4]!.payload).toMatchObject({
        email: 'new@example.com',
        firstName: 'Janet',
        trigger: 'UpdateBillingAddress',
      });
    });

    it('404 for an addressId that is not the checkout billing address; nothing changed', async () => {
      const other = await checkoutWithAddress(t, uniqueShopper());
      const { id: addressId } = (await add(anAddressBody())).json().billingAddress;
      const before = await read();

      for (const foreign of [crypto.randomUUID(), other.addressId, 'not-even-a-uuid']) {
        const response = await update(foreign, anAddressBody({ city: 'Nope' }));
        expectProblem(response, 404, billingPath(checkout.id, foreign));
      }
      expect(addressId).toBe(before.billingAddress!.id);
      expect(await read()).toEqual(before);
      expect(await outboxSummary(t, checkout.id)).toHaveLength(3);
    });

    it('404 when the checkout has no billing address yet', async () => {
      const response = await update(crypto.randomUUID(), anAddressBody());
      expectProblem(response, 404);
    });

    it('400 for an addressId over 64 characters', async () => {
      expectValidationErrors(await update('a'.repeat(65), anAddressBody()), ['addressId']);
    });
  });

  describe('validation: 400 with errors by field path, nothing changed', () => {
    const customField = (overrides: Record<string, unknown> = {}) => ({
      fieldId: 'field_1',
      fieldValue: 'v',
      ...overrides,
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['unknown field', { addressLine1: 'x' }, ['addressLine1']],
      ['countryCode missing', { countryCode: undefined }, ['countryCode']],
      ['countryCode in lower case', { countryCode: 'us' }, ['countryCode']],
      ['countryCode of three letters', { countryCode: 'USA' }, ['countryCode']],
      ['countryCode not assigned (XX)', { countryCode: 'XX' }, ['countryCode']],
      ['countryCode not assigned (ZZ)', { countryCode: 'ZZ' }, ['countryCode']],
      ['countryCode a number', { countryCode: 12 }, ['countryCode']],
      ['email not an address', { email: 'jane' }, ['email']],
      ['address1 over 255', { address1: 'x'.repeat(256) }, ['address1']],
      ['address2 over 255', { address2: 'x'.repeat(256) }, ['address2']],
      ['city over 255', { city: 'x'.repeat(256) }, ['city']],
      ['company over 255', { company: 'x'.repeat(256) }, ['company']],
      ['country over 255', { country: 'x'.repeat(256) }, ['country']],
      ['firstName over 255', { firstName: 'x'.repeat(256) }, ['firstName']],
      ['lastName over 255', { lastName: 'x'.repeat(256) }, ['lastName']],
      ['stateOrProvince over 255', { stateOrProvince: 'x'.repeat(256) }, ['stateOrProvince']],
      [
        'stateOrProvinceCode over 10',
        { stateOrProvinceCode: 'x'.repeat(11) },
        ['stateOrProvinceCode'],
      ],
      ['phone over 50', { phone: '1'.repeat(51) }, ['phone']],
      ['postalCode over 30', { postalCode: '1'.repeat(31) }, ['postalCode']],
      ['customFields not a list', { customFields: 'x' }, ['customFields']],
      [
        '21 customFields',
        { customFields: Array.from({ length: 21 }, () => customField()) },
        ['customFields'],
      ],
      [
        'customFields[0].fieldId missing',
        { customFields: [customField({ fieldId: undefined })] },
        ['customFields[0].fieldId'],
      ],
      [
        'customFields[1].fieldId over 100',
        { customFields: [customField(), customField({ fieldId: 'f'.repeat(101) })] },
        ['customFields[1].fieldId'],
      ],
      [
        'customFields[0].fieldValue over 1000',
        { customFields: [customField({ fieldValue: 'v'.repeat(1001) })] },
        ['customFields[0].fieldValue'],
      ],
      [
        'customFields[0] with an unknown field',
        { customFields: [customField({ label: 'x' })] },
        ['customFields[0].label'],
      ],
      ['version 0', { version: 0 }, ['version']],
      ['version fractional', { version: 2.5 }, ['version']],
      ['version as a string', { version: '1' }, ['version']],
    ])('%s', async (_case, overrides, fields) => {
      expectValidationErrors(await add(anAddressBody(overrides)), fields);
      expect((await read()).version).toBe(1);
      expect(await outboxSummary(t, checkout.id)).toHaveLength(1);
    });

    it('applies the same rules to PUT', async () => {
      const { id: addressId } = (await add(anAddressBody())).json().billingAddress;
      expectValidationErrors(await update(addressId, anAddressBody({ countryCode: 'XX' })), [
        'countryCode',
      ]);
      expectValidationErrors(
        await update(addressId, anAddressBody({ customFields: [{ fieldValue: 'v' }] })),
        ['customFields[0].fieldId'],
      );
      expect((await read()).version).toBe(2);
    });

    it('accepts real codes and 20 customFields', async () => {
      const customFields = Array.from({ length: 20 }, (_, index) =>
        customField({ fieldId: `f${index}` }),
      );
      const response = await add(anAddressBody({ countryCode: 'GB', customFields }));
      expect(response.statusCode).toBe(200);
      expect(response.json().billingAddress.customFields).toEqual(customFields);
    });

    it('400 for a checkout id that is not a UUID', async () => {
      const response = await t.request('POST', billingPath('123'), {
        token,
        body: anAddressBody(),
      });
      expectValidationErrors(response, ['checkoutId']);
    });
  });

  describe('versions', () => {
    it('applies a change that names the current version', async () => {
      const added = await add(anAddressBody({ version: 1 }));
      expect(added.statusCode).toBe(200);
      const addressId = added.json().billingAddress.id;
      const updated = await update(addressId, anAddressBody({ city: 'Dallas' }), token, {
        'if-match': '"2"',
      });
      expect(updated.statusCode).toBe(200);
      expect(updated.json().version).toBe(3);
    });

    it.each<[string, Record<string, unknown>, Record<string, string>]>([
      ['in the body', { version: 2 }, {}],
      ['in If-Match', {}, { 'if-match': '"2"' }],
    ])(
      '409 with currentVersion for a stale version %s; nothing changed, no events',
      async (_where, extra, headers) => {
        const { id: addressId } = (await add(anAddressBody())).json().billingAddress;
        await update(addressId, anAddressBody({ city: 'Dallas' }));
        const before = await read();
        const outboxBefore = await outboxSummary(t, checkout.id);

        const response = await update(
          addressId,
          anAddressBody({ city: 'Stale', ...extra }),
          token,
          headers,
        );

        const problem = expectProblem(response, 409, billingPath(checkout.id, addressId));
        expect(problem.currentVersion).toBe(3);
        expect(await read()).toEqual(before);
        expect(await outboxSummary(t, checkout.id)).toEqual(outboxBefore);
      },
    );

    it('409 with currentVersion for a stale POST', async () => {
      await t.request('POST', '/api/Checkout/sessions/me/contact', {
        token,
        body: { sessionId: checkout.id, firstName: 'J', lastName: 'D', email: 'j@example.com' },
      });
      const problem = expectProblem(await add(anAddressBody(), token, { 'if-match': '1' }), 409);
      expect(problem.currentVersion).toBe(2);
      expect((await read()).billingAddress).toBeNull();
    });
  });

  it('409 for POST and PUT once the checkout is completed; nothing changed', async () => {
    const { id: addressId } = (await add(anAddressBody())).json().billingAddress;
    expect((await t.request('POST', ordersPath(checkout.id), { token })).statusCode).toBe(200);
    const before = await read();
    const outboxBefore = await outboxSummary(t, checkout.id);

    expectProblem(await update(addressId, anAddressBody({ city: 'Late' })), 409);
    expectProblem(await add(anAddressBody()), 409);

    expect(await read()).toEqual(before);
    expect(await outboxSummary(t, checkout.id)).toEqual(outboxBefore);
  });
});
