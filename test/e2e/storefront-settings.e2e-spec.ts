import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { BillingAddressRequest } from '../../src/checkout/http/billing-address.request';
import { countries } from '../../src/checkout/countries/countries';
import {
  FormFieldResponse,
  FormFieldsResponse,
} from '../../src/checkout/queries/storefront-settings/form-fields.response';
import { expectProblem } from '../support/checkout-api';
import { Response, TestApp, uniqueShopper } from '../support/test-app';

const FORM_FIELDS = '/api/storefront/form-fields';
const settingsPath = (checkoutId?: string, extra = ''): string =>
  `/api/storefront/checkout-settings${checkoutId === undefined ? '' : `?checkoutId=${checkoutId}`}${extra}`;

/** What BigCommerce's checkout SDK sends with both requests. */
const SDK_HEADERS = {
  accept: 'application/vnd.bc.v1+json',
  'x-api-internal': 'This API endpoint is for internal use only and may change in the future',
  'x-checkout-sdk-version': '1.983.2',
};

describe('storefront settings API: what the checkout SDK loads with a checkout', () => {
  let t: TestApp;
  let shopper: string;
  let token: string;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  beforeEach(() => {
    shopper = uniqueShopper();
    token = t.shopper(shopper);
  });

  const get = (url: string, as?: string): Promise<Response> =>
    t.request('GET', url, { token: as, headers: SDK_HEADERS });

  describe('GET /api/storefront/form-fields', () => {
    it('200 with the billing form generated from validation and every country, cacheable privately', async () => {
      const response = await get(FORM_FIELDS, token);

      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['cache-control']).toBe('private, max-age=300');
      const form = response.json<FormFieldsResponse>();
      expect(form).toMatchObject({ customerAccount: [], shippingAddress: [] });
      expect(form.billingAddress.map((field) => field.name)).toEqual([
        'firstName',
        'lastName',
        'company',
        'phone',
        'address1',
        'address2',
        'city',
        'countryCode',
        'stateOrProvince',
        'postalCode',
      ]);
      expect(form.billingAddress[0]).toEqual({
        id: 'firstName',
        name: 'firstName',
        custom: false,
        label: 'First Name',
        required: false,
        default: '',
        fieldType: 'text',
        type: 'string',
        maxLength: 255,
      });
      const country = form.billingAddress.find((field) => field.name === 'countryCode');
      expect(country).toMatchObject({ required: true, fieldType: 'dropdown', type: 'array' });
      expect(country?.options?.items).toContainEqual({
        value: 'US',
        label: 'United States of America',
      });
      expect(country?.options?.items).toHaveLength(countries().length);
      expect(form.countries).toEqual(countries());
      expect(form.countries.find((c) => c.code === 'US')?.subdivisions).toContainEqual({
        code: 'TX',
        name: 'Texas',
      });
    });

    it('answers every role the same', async () => {
      const asGuest = await get(FORM_FIELDS, token);
      for (const as of [t.shopper(shopper, 'customer'), t.merchant()]) {
        const response = await get(FORM_FIELDS, as);
        expect(response.statusCode).toBe(200);
        expect(response.body).toBe(asGuest.body);
      }
    });

    it('401 without a token, never cached', async () => {
      const response = await get(FORM_FIELDS);
      expectProblem(response, 401, FORM_FIELDS);
      expect(response.headers['cache-control']).toBe('no-store');
    });
  });

  describe('GET /api/storefront/checkout-settings', () => {
    it("200 for the checkout's shopper: the SDK's Config in the checkout's currency", async () => {
      const checkout = await t.createCheckout(shopper, { currency: 'EUR' });
      const response = await get(settingsPath(checkout.id), token);

      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const config = response.json();
      expect(config.context).toEqual({
        checkoutId: checkout.id,
        geoCountryCode: '',
        flashMessages: [],
        payment: {},
      });
      expect(config.customization).toEqual({ languageData: [] });
      expect(config.storeConfig.currency).toEqual({
        code: 'EUR',
        decimalPlaces: '2',
        decimalSeparator: '.',
        isTransactional: true,
        symbolLocation: 'left',
        symbol: '€',
        thousandsSeparator: ',',
      });
      expect(config.storeConfig.shopperCurrency).toMatchObject({
        code: 'EUR',
        exchangeRate: 1,
        isTransactional: true,
      });
      expect(config.storeConfig.checkoutSettings).toMatchObject({
        guestCheckoutEnabled: true,
        isAccountCreationEnabled: false,
        features: {},
      });
      const { countries: list, ...sdkFormFields } = (await get(FORM_FIELDS, token)).json();
      expect(list.length).toBeGreaterThan(0);
      expect(config.storeConfig.formFields).toEqual(sdkFormFields);
    });

    it('200 for the merchant of its channel, with any checkoutId case and an include', async () => {
      const checkout = await t.createCheckout(shopper, {
        currency: 'JPY',
        lineItems: [{ productId: 'sku-1', name: 'Matcha', quantity: 1, unitPrice: 1200 }],
      });
      const response = await get(
        settingsPath(checkout.id.toUpperCase(), '&include=cart.lineItems.physicalItems.options'),
        t.merchant(),
      );
      expect(response.statusCode).toBe(200);
      expect(response.json().context.checkoutId).toBe(checkout.id);
      expect(response.json().storeConfig.currency).toMatchObject({
        code: 'JPY',
        decimalPlaces: '0',
      });
    });

    it('404 for another shopper or channel, as for a checkout that does not exist', async () => {
      const checkout = await t.createCheckout(shopper);
      for (const as of [t.shopper(uniqueShopper('stranger')), t.merchant(2)]) {
        expectProblem(await get(settingsPath(checkout.id), as), 404);
      }
      expectProblem(await get(settingsPath(crypto.randomUUID()), token), 404);
    });

    it('400 without a checkoutId, with one that is not a UUID, or with an unknown parameter', async () => {
      const checkout = await t.createCheckout(shopper);
      for (const url of [
        settingsPath(),
        settingsPath('not-a-uuid'),
        settingsPath(checkout.id, '&channel=1'),
      ]) {
        const problem = expectProblem(await get(url, token), 400);
        expect(Object.keys(problem.fields ?? {})).toHaveLength(1);
      }
    });

    it('401 without a token', async () => {
      const checkout = await t.createCheckout(shopper);
      expectProblem(await get(settingsPath(checkout.id)), 401);
    });
  });

  it('answers as the OpenAPI document describes both operations', async () => {
    const document = (await t.request('GET', '/docs-json')).json();
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    ajv.addSchema({ components: document.components }, 'openapi.json');
    const schemaOf = (path: string) => {
      const { schema } = document.paths[path].get.responses['200'].content['application/json'];
      return JSON.parse(
        JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/'),
      );
    };
    const checkout = await t.createCheckout(shopper);
    for (const [path, url] of [
      [FORM_FIELDS, FORM_FIELDS],
      ['/api/storefront/checkout-settings', settingsPath(checkout.id)],
    ] as const) {
      const validate = ajv.compile(schemaOf(path));
      const body = (await get(url, token)).json();
      expect({ path, valid: validate(body), errors: validate.errors ?? null }).toEqual({
        path,
        valid: true,
        errors: null,
      });
      expect(document.paths[path].get.security).toEqual([{ bearer: [] }]);
    }
    const settings = document.paths['/api/storefront/checkout-settings'].get;
    expect(Object.keys(settings.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '429']),
    );
  });

  describe('the served form agrees with billing address validation', () => {
    let fields: FormFieldResponse[];
    let form: FormFieldsResponse;

    beforeAll(async () => {
      form = (await get(FORM_FIELDS, t.shopper(uniqueShopper()))).json<FormFieldsResponse>();
      fields = form.billingAddress;
    });

    /** The properties validation refuses in `body`, with the pipe's strictness. */
    const refused = async (body: Record<string, unknown>): Promise<string[]> => {
      const errors = await validate(plainToInstance(BillingAddressRequest, body), {
        whitelist: true,
        forbidNonWhitelisted: true,
        forbidUnknownValues: true,
      });
      return errors.map((error) => error.property).sort();
    };
    const EMAIL = { email: 'jane.doe@example.com' };
    const valueOf = (field: FormFieldResponse): string => field.options?.items?.[0]?.value ?? 'x';
    const fullBody = (): Record<string, unknown> => ({
      ...EMAIL,
      ...Object.fromEntries(fields.map((field) => [field.name, valueOf(field)])),
    });

    it('accepts every text field at its maxLength and refuses it one character longer', async () => {
      const bounded = fields.filter((field) => field.maxLength !== undefined);
      expect(bounded.length).toBeGreaterThan(0);
      for (const field of bounded) {
        const body = (length: number) => ({
          ...EMAIL,
          countryCode: 'US',
          [field.name]: 'x'.repeat(length),
        });
        expect({ [field.name]: await refused(body(field.maxLength!)) }).toEqual({
          [field.name]: [],
        });
        expect({ [field.name]: await refused(body(field.maxLength! + 1)) }).toEqual({
          [field.name]: [field.name],
        });
      }
    });

    it('refuses an address without any one required field, and accepts one with only those', async () => {
      const required = fields.filter((field) => field.required);
      expect(required.map((field) => field.name)).toContain('countryCode');
      expect(await refused(fullBody())).toEqual([]);
      for (const field of required) {
        const rest = fullBody();
        delete rest[field.name];
        expect({ [field.name]: await refused(rest) }).toEqual({ [field.name]: [field.name] });
      }
      const onlyRequired = Object.fromEntries(
        required.map((field) => [field.name, valueOf(field)]),
      );
      expect(await refused({ ...EMAIL, ...onlyRequired })).toEqual([]);
    });

    it('offers only countries and subdivisions that validation accepts', async () => {
      const country = fields.find((field) => field.name === 'countryCode')!;
      for (const { value } of country.options?.items ?? []) {
        expect({ [value]: await refused({ ...EMAIL, countryCode: value }) }).toEqual({
          [value]: [],
        });
      }
      // The SDK names the state field stateOrProvinceCode when it offers subdivisions.
      for (const { code, subdivisions } of form.countries) {
        for (const subdivision of subdivisions) {
          const body = {
            ...EMAIL,
            countryCode: code,
            stateOrProvince: subdivision.name,
            stateOrProvinceCode: subdivision.code,
          };
          expect({ [`${code}-${subdivision.code}`]: await refused(body) }).toEqual({
            [`${code}-${subdivision.code}`]: [],
          });
        }
      }
    });
  });
});
