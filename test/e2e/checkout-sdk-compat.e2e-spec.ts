/**
 * What BigCommerce's checkout SDK sends and reads, request by request (the browser test in
 * test/browser drives the SDK itself): its headers and `include` parameter, the singular checkout
 * path, the guest e-mail step, the `customer` it reads, and problems it can turn into a
 * RequestError.
 */
import { CheckoutResponse } from '../../src/checkout/http/checkout.response';
import {
  anAddressBody,
  billingPath,
  checkoutPath,
  expectProblem,
  expectValidationErrors,
  ordersPath,
  outboxSummary,
} from '../support/checkout-api';
import { TestApp, uniqueShopper } from '../support/test-app';

/** The headers the SDK adds to every storefront call. */
const SDK_HEADERS = {
  accept: 'application/vnd.bc.v1+json',
  'x-checkout-sdk-version': '1.983.2',
  'x-api-internal': 'This API endpoint is for internal use only and may change in the future',
};
const INCLUDE =
  '?include=cart.lineItems.physicalItems.options,cart.lineItems.digitalItems.options,customer,promotions.banners';

describe('BigCommerce checkout SDK compatibility', () => {
  let t: TestApp;
  let shopper: string;
  let token: string;
  let checkoutId: string;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    shopper = uniqueShopper('sdk');
    token = t.shopper(shopper);
    checkoutId = (await t.createCheckout(shopper)).id;
  });

  const sdk = (method: string, path: string, body?: unknown) =>
    t.request(method, path + INCLUDE, { token, body, headers: SDK_HEADERS });

  it('answers the singular path as the plural one, in JSON, with include and its headers', async () => {
    const singular = await sdk('GET', `/api/storefront/checkout/${checkoutId}`);
    const plural = await sdk('GET', checkoutPath(checkoutId));
    expect(singular.statusCode).toBe(200);
    expect(singular.headers['content-type']).toMatch(/^application\/json/);
    expect(singular.headers.etag).toBe('"1"');
    expect(singular.json()).toEqual(plural.json());
    expectProblem(await sdk('GET', `/api/storefront/checkout/${uniqueUuid()}`), 404);
    expectProblem(
      await t.request('GET', `/api/storefront/checkout/${checkoutId}`), // no token
      401,
    );
  });

  it("carries the customer the SDK reads: a guest's id 0, no saved addresses", async () => {
    const guest = (await sdk('GET', checkoutPath(checkoutId))).json<CheckoutResponse>();
    expect(guest.customer).toEqual({
      id: 0,
      isGuest: true,
      addresses: [],
      storeCredit: 0,
      shouldEncourageSignIn: false,
      shopperId: shopper,
      email: null,
      firstName: null,
      lastName: null,
      fullName: null,
    });
    const signedIn = await t.request('GET', checkoutPath(checkoutId), {
      token: t.shopper(shopper, 'customer'),
    });
    expect(signedIn.json<CheckoutResponse>().customer.isGuest).toBe(false);
  });

  describe('the guest e-mail step (continueAsGuest)', () => {
    it('takes an email alone, announces it, and shows an address with an empty countryCode', async () => {
      const response = await sdk('POST', billingPath(checkoutId), {
        email: 'jane@example.com',
        shouldSaveAddress: false,
        acceptsMarketingNewsletter: false,
        acceptsAbandonedCartEmails: true,
      });
      expect(response.statusCode).toBe(200);
      const checkout = response.json<CheckoutResponse>();
      expect(checkout.billingAddress).toMatchObject({
        id: expect.any(String),
        email: 'jane@example.com',
        countryCode: '',
        address1: '',
        customFields: [],
      });
      expect(checkout.customer.email).toBe('jane@example.com');
      expect(await outboxSummary(t, checkoutId)).toEqual([
        ['checkout.CheckoutCreated', 1],
        ['checkout.BillingAddressAdded', 2],
        ['checkout.AbandonedCartCandidate', 2],
      ]);
    });

    it('takes back the email-only address as the SDK echoes it (every field empty), announcing nothing again', async () => {
      const added = (
        await sdk('POST', billingPath(checkoutId), { email: 'jane@example.com' })
      ).json<CheckoutResponse>();
      const { id, country, ...echoed } = added.billingAddress!;
      void country;
      const again = await sdk('PUT', billingPath(checkoutId, id), {
        ...echoed,
        email: 'jane@example.com',
        shouldSaveAddress: false,
      });
      expect(again.statusCode).toBe(200);
      expect(again.json<CheckoutResponse>().version).toBe(3);
      expect((await outboxSummary(t, checkoutId)).map(([type]) => type)).toEqual([
        'checkout.CheckoutCreated',
        'checkout.BillingAddressAdded',
        'checkout.AbandonedCartCandidate',
        'checkout.BillingAddressUpdated',
      ]);
      const full = await sdk('PUT', billingPath(checkoutId, id), {
        ...anAddressBody({ email: 'jane@example.com' }),
        shouldSaveAddress: false,
      });
      expect(full.json<CheckoutResponse>().billingAddress).toMatchObject({ countryCode: 'US' });
    });

    it('requires countryCode once any address field is given, naming it in detail', async () => {
      for (const body of [
        { email: 'jane@example.com', city: 'Austin' },
        { email: 'jane@example.com', firstName: 'Jane', countryCode: '' },
        { email: 'jane@example.com', customFields: [{ fieldId: 'f', fieldValue: 'v' }] },
      ]) {
        const problem = expectValidationErrors(await sdk('POST', billingPath(checkoutId), body), [
          'countryCode',
        ]);
        expect(problem.detail).toMatch(/countryCode is required once any address field is given/);
      }
      expect(await outboxSummary(t, checkoutId)).toEqual([['checkout.CheckoutCreated', 1]]);
    });

    it('cannot place the order on an email alone', async () => {
      await sdk('POST', billingPath(checkoutId), { email: 'jane@example.com' });
      const order = await t.request('POST', ordersPath(checkoutId), { token });
      expectProblem(order, 409);
    });
  });

  it('names a country and state sent as codes alone, as BigCommerce does; names sent are kept', async () => {
    const codes = anAddressBody({ country: undefined, stateOrProvince: undefined });
    const added = await sdk('POST', billingPath(checkoutId), {
      ...codes,
      stateOrProvinceCode: 'TX',
    });
    expect(added.json<CheckoutResponse>().billingAddress).toMatchObject({
      countryCode: 'US',
      country: 'United States of America',
      stateOrProvinceCode: 'TX',
      stateOrProvince: 'Texas',
    });
    const { id } = added.json<CheckoutResponse>().billingAddress!;
    const named = await sdk('PUT', billingPath(checkoutId, id), {
      ...codes,
      country: 'USA',
      stateOrProvince: 'Tejas',
      stateOrProvinceCode: 'ZZ',
    });
    expect(named.json<CheckoutResponse>().billingAddress).toMatchObject({
      country: 'USA',
      stateOrProvince: 'Tejas',
      stateOrProvinceCode: 'ZZ',
    });
  });

  it('refuses an invalid country with a problem the SDK shows: status, detail naming the field, no errors member', async () => {
    const response = await sdk(
      'POST',
      billingPath(checkoutId),
      anAddressBody({ countryCode: 'XX' }),
    );
    const problem = expectValidationErrors(response, ['countryCode']);
    expect(problem.detail).toBe(
      'Invalid field: countryCode must be an assigned ISO 3166-1 alpha-2 code in upper case, such as US.',
    );
    expect(problem).toMatchObject({ fields: { countryCode: [expect.any(String)] } });
  });

  it('names every failing field in one detail, nested paths included', async () => {
    const response = await sdk(
      'POST',
      billingPath(checkoutId),
      anAddressBody({ email: 'not-an-email', customFields: [{ fieldId: 7, fieldValue: 'v' }] }),
    );
    const problem = expectValidationErrors(response, ['email', 'customFields[0].fieldId']);
    expect(problem.detail).toMatch(/^Invalid fields: /);
    expect(problem.detail).toContain('customFields[0].fieldId must be a string');
  });
});

function uniqueUuid(): string {
  return crypto.randomUUID();
}
