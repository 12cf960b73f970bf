import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const CLIENT_TYPES = resolve(ROOT, 'client/checkout-api.d.ts');

/**
 * openapi-typescript and its dependencies ship ES modules that Jest's CommonJS runtime cannot load,
 * so the types are regenerated in memory by the same script in a plain Node process.
 */
function regenerate(): string {
  return execFileSync(
    process.execPath,
    ['-r', '@swc-node/register', 'scripts/client-types.ts', '--stdout'],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
}

describe('typed client (client/checkout-api.d.ts)', () => {
  it('matches openapi.json (run `npm run openapi && npm run client:types` after changing the API)', () => {
    expect(readFileSync(CLIENT_TYPES, 'utf8')).toBe(regenerate());
  });

  it('types every endpoint of the contract and the schemas a storefront uses', () => {
    const types = readFileSync(CLIENT_TYPES, 'utf8');
    for (const path of [
      '/api/checkouts',
      '/api/storefront/checkouts/{checkoutId}',
      '/api/Checkout/sessions/me/contact',
      '/api/storefront/checkouts/{checkoutId}/billing-address',
      '/api/storefront/checkouts/{checkoutId}/billing-address/{addressId}',
      '/api/storefront/checkouts/{checkoutId}/orders',
    ]) {
      expect(types).toContain(`"${path}": {`);
    }
    for (const schema of [
      'CheckoutResponse',
      'UpdateContactRequest',
      'BillingAddressRequest',
      'ProblemDetails',
    ]) {
      expect(types).toMatch(new RegExp(`\\b${schema}: \\{`));
    }
  });
});
