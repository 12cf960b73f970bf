import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { IF_MATCH } from '../../src/checkout/http/versioning';
import { IDEMPOTENCY_KEY } from '../../src/shared/http/idempotency/idempotency.interceptor';
import { aContactBody, CONTACT, checkoutWithAddress } from '../support/checkout-api';
import { TestApp, uniqueShopper } from '../support/test-app';

type Json = Record<string, any>;
interface Operation {
  where: string;
  method: string;
  path: string;
  operation: Json;
}

const WRITES = ['post', 'put', 'patch', 'delete'];

describe('OpenAPI document', () => {
  let t: TestApp;
  let document: Json;
  let operations: Operation[];
  beforeAll(async () => {
    t = await TestApp.start();
    document = (await t.request('GET', '/docs-json')).json();
    operations = Object.entries(document.paths as Json).flatMap(([path, item]) =>
      Object.entries(item as Json).map(([method, operation]) => ({
        where: `${method.toUpperCase()} ${path}`,
        method,
        path,
        operation: operation as Json,
      })),
    );
  });
  afterAll(() => t.close());

  /** Its statuses, labelled with the operation, so a failure names the operation. */
  const statuses = ({ where, operation }: Operation) => ({
    where,
    statuses: Object.keys(operation.responses),
  });
  const declaring = (where: string, expected: string[]) => ({
    where,
    statuses: expect.arrayContaining(expected),
  });
  const headerParameters = (operation: Json, name: string): Json[] =>
    (operation.parameters ?? []).filter((p: Json) => p.in === 'header' && p.name === name);

  it('matches the committed openapi.json (run `npm run openapi` after changing the API)', () => {
    const committed = JSON.parse(readFileSync(resolve(__dirname, '../../openapi.json'), 'utf8'));
    expect(document).toEqual(committed);
  });

  it('documents every endpoint of the contract with its success status and problem responses', () => {
    const expected: [string, string, string][] = [
      ['/api/checkouts', 'post', '201'],
      ['/api/storefront/checkouts/{checkoutId}', 'get', '200'],
      ['/api/Checkout/sessions/me/contact', 'post', '204'],
      ['/api/storefront/checkouts/{checkoutId}/billing-address', 'post', '200'],
      ['/api/storefront/checkouts/{checkoutId}/billing-address/{addressId}', 'put', '200'],
      ['/api/storefront/checkouts/{checkoutId}/orders', 'post', '200'],
    ];
    for (const [path, method, success] of expected) {
      const operation = document.paths[path]?.[method];
      expect(operation).toBeDefined();
      expect(Object.keys(operation.responses)).toEqual(
        expect.arrayContaining([success, '401', '403']),
      );
      expect(operation.security).toEqual([{ bearer: [] }]);
    }
  });

  it('describes the contact body exactly as the source API: required fields and formats', () => {
    const schema = document.components.schemas.UpdateContactRequest;
    expect(schema.required.sort()).toEqual(['email', 'firstName', 'lastName', 'sessionId']);
    expect(schema.properties.sessionId.format).toBe('uuid');
    expect(schema.properties.email.format).toBe('email');
  });

  it('declares on every operation what any request may get: 401, 403, 429, 500, 503', () => {
    expect(operations.length).toBeGreaterThan(0);
    for (const operation of operations) {
      const { where, operation: o } = operation;
      expect(statuses(operation)).toEqual(declaring(where, ['401', '403', '429', '500', '503']));
      expect({ where, headers: Object.keys(o.responses['429'].headers ?? {}) }).toEqual({
        where,
        headers: expect.arrayContaining(['Retry-After']),
      });
      expect({ where, headers: Object.keys(o.responses['503'].headers ?? {}) }).toEqual({
        where,
        headers: expect.arrayContaining(['Retry-After']),
      });
      for (const status of ['500', '503']) {
        const schema = o.responses[status].content['application/problem+json'].schema;
        expect({ where, status, required: schema.allOf?.[1]?.required }).toEqual({
          where,
          status,
          required: ['traceId'],
        });
      }
    }
  });

  it('declares 400, 413 and 415 where a body is read, 400 and 404 where the path names a resource', () => {
    const withBody = operations.filter(({ operation }) => operation.requestBody);
    const withId = operations.filter(({ path }) => path.includes('{'));
    expect(withBody.length).toBeGreaterThan(0);
    expect(withId.length).toBeGreaterThan(0);
    for (const operation of withBody) {
      expect(statuses(operation)).toEqual(declaring(operation.where, ['400', '413', '415']));
    }
    for (const operation of withId) {
      expect(statuses(operation)).toEqual(declaring(operation.where, ['400', '404']));
    }
  });

  it('declares Idempotency-Key, 409 and 422 on every write, and Idempotent-Replayed on its success', () => {
    const writes = operations.filter(({ method }) => WRITES.includes(method));
    expect(writes.map(({ method }) => method)).toEqual(expect.arrayContaining(['post', 'put']));
    for (const operation of writes) {
      const { where, operation: o } = operation;
      expect({ where, keys: headerParameters(o, 'Idempotency-Key').length }).toEqual({
        where,
        keys: 1,
      });
      expect(statuses(operation)).toEqual(declaring(where, ['409', '422']));
      const success = Object.keys(o.responses).filter((status) => status.startsWith('2'));
      for (const status of success) {
        expect({ where, status, headers: Object.keys(o.responses[status].headers ?? {}) }).toEqual({
          where,
          status,
          headers: expect.arrayContaining(['Idempotent-Replayed']),
        });
      }
    }
    for (const { where, operation } of operations.filter(({ method }) => method === 'get')) {
      expect({ where, keys: headerParameters(operation, 'Idempotency-Key') }).toEqual({
        where,
        keys: [],
      });
    }
  });

  it("gives every If-Match and Idempotency-Key header the service's own expression as its pattern", () => {
    const patterns = { 'If-Match': IF_MATCH.source, 'Idempotency-Key': IDEMPOTENCY_KEY.source };
    for (const [name, pattern] of Object.entries(patterns)) {
      const parameters = operations.flatMap(({ where, operation }) =>
        (operation.parameters ?? [])
          .filter((p: Json) => p.in === 'header' && p.name.toLowerCase() === name.toLowerCase())
          .map((p: Json) => ({
            where,
            name: p.name,
            required: p.required,
            pattern: p.schema?.pattern,
          })),
      );
      expect(parameters.length).toBeGreaterThan(0);
      for (const parameter of parameters) {
        expect(parameter).toEqual({ ...parameter, name, required: false, pattern });
      }
    }
  });

  it('answers every error as problem details, and only as problem details', () => {
    for (const { where, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses as Json)) {
        if (Number(status) < 400) continue;
        const content = response.content ?? {};
        expect({ where, status, types: Object.keys(content) }).toEqual({
          where,
          status,
          types: ['application/problem+json'],
        });
        expect(JSON.stringify(content)).toContain('"#/components/schemas/ProblemDetails"');
      }
    }
  });

  it('names its server (relative: Try it out calls this origin) and what an unlisted method gets', () => {
    expect(document.servers).toEqual([{ url: '/', description: expect.any(String) }]);
    expect(document.info.description).toMatch(/405 with an `Allow` header/);
  });

  it('marks a request body required exactly where the service refuses a request without one', async () => {
    // Each write on a checkout in which it could succeed: an address is added to a checkout that
    // has none, replaced where there is one, and an order needs one.
    const needsAddress = [
      'UpdateBillingAddressController_update',
      'CompleteCheckoutController_complete',
    ];
    const withBody = operations.filter(({ operation }) => operation.requestBody);
    expect(withBody.some(({ operation }) => operation.requestBody.required === false)).toBe(true);
    for (const { where, path, method, operation } of withBody) {
      const shopper = uniqueShopper();
      const checkout = needsAddress.includes(operation.operationId)
        ? await checkoutWithAddress(t, shopper)
        : { id: (await t.createCheckout(shopper)).id as string, addressId: 'none' };
      const url = path
        .replace('{checkoutId}', checkout.id)
        .replace('{addressId}', checkout.addressId);
      // A customer: a guest must name an email when it adds an address, which says nothing of
      // whether a body is needed (a customer's token supplies one).
      const customer = t.shopper(shopper, 'customer');
      let response = await t.request(method.toUpperCase(), url, { token: customer });
      if (response.statusCode === 403) {
        response = await t.request(method.toUpperCase(), url, { token: t.merchant() });
      }
      const outcome = response.statusCode === 400 ? 'refused' : `${response.statusCode}`;
      expect({ where, outcome }).toEqual({
        where,
        outcome: operation.requestBody.required ? 'refused' : expect.stringMatching(/^2\d\d$/),
      });
    }
  });

  it("refuses exactly the header values that the header's schema does not admit", async () => {
    const candidates: Record<string, string[]> = {
      'If-Match': [
        '"1"',
        '1',
        'W/"1"',
        '*',
        '"123456789"',
        '"1234567890"',
        '"1',
        '1"',
        'W/1',
        'w/"1"',
        '""',
        '"abc"',
        '"1", "2"',
        '**',
        '"-1"',
      ],
      'Idempotency-Key': [
        'k',
        '~!#$%&()*+,-./:;<=>?@[]^_`{|}',
        'x'.repeat(255),
        'x'.repeat(256),
        'with space',
        '"quoted"',
      ],
    };
    const contact = document.paths[CONTACT].post;
    for (const [name, values] of Object.entries(candidates)) {
      const { schema } = headerParameters(contact, name)[0]!;
      const admits = (value: string) =>
        new RegExp(schema.pattern, 'u').test(value) &&
        value.length >= (schema.minLength ?? 0) &&
        value.length <= (schema.maxLength ?? Infinity);
      expect(values.filter(admits).length).toBeGreaterThan(0);
      expect(values.filter((value) => !admits(value)).length).toBeGreaterThan(0);
      const shopper = uniqueShopper();
      const { id } = await t.createCheckout(shopper);
      for (const value of values) {
        const response = await t.request('POST', CONTACT, {
          token: t.shopper(shopper),
          body: aContactBody(id),
          headers: { [name.toLowerCase()]: value },
        });
        const refused = response.statusCode === 400 && name in (response.json().fields ?? {});
        expect({ name, value, refused }).toEqual({ name, value, refused: !admits(value) });
      }
    }
  });
});
