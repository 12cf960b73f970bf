import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TestApp } from '../support/test-app';

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('matches the committed openapi.json (run `npm run openapi` after changing the API)', async () => {
    const served = (await t.request('GET', '/docs-json')).json();
    const committed = JSON.parse(readFileSync(resolve(__dirname, '../../openapi.json'), 'utf8'));
    expect(served).toEqual(committed);
  });

  it('documents every endpoint of the contract with its success status and problem responses', async () => {
    const { paths } = (await t.request('GET', '/docs-json')).json();
    const expected: [string, string, string][] = [
      ['/api/checkouts', 'post', '201'],
      ['/api/storefront/checkouts/{checkoutId}', 'get', '200'],
      ['/api/Checkout/sessions/me/contact', 'post', '204'],
      ['/api/storefront/checkouts/{checkoutId}/billing-address', 'post', '200'],
      ['/api/storefront/checkouts/{checkoutId}/billing-address/{addressId}', 'put', '200'],
      ['/api/storefront/checkouts/{checkoutId}/orders', 'post', '200'],
    ];
    for (const [path, method, success] of expected) {
      const operation = paths[path]?.[method];
      expect(operation).toBeDefined();
      expect(Object.keys(operation.responses)).toEqual(
        expect.arrayContaining([success, '401', '403']),
      );
      expect(operation.security).toEqual([{ bearer: [] }]);
    }
  });

  it('describes the contact body exactly as the source API: required fields and formats', async () => {
    const { components } = (await t.request('GET', '/docs-json')).json();
    const schema = components.schemas.UpdateContactRequest;
    expect(schema.required.sort()).toEqual(['email', 'firstName', 'lastName', 'sessionId']);
    expect(schema.properties.sessionId.format).toBe('uuid');
    expect(schema.properties.email.format).toBe('email');
  });
});
