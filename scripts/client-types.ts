/**
 * Generates the TypeScript types of the API (client/checkout-api.d.ts, committed) from the
 * committed openapi.json, so a storefront can import them. `npm run client:types` after
 * `npm run openapi`; test/client/checkout-api-types.spec.ts fails when they are stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';

const ROOT = resolve(__dirname, '..');
export const OPENAPI_DOCUMENT = resolve(ROOT, 'openapi.json');
export const CLIENT_TYPES = resolve(ROOT, 'client', 'checkout-api.d.ts');

const HEADER = [
  '/**',
  ' * Types of the Checkout API, generated from openapi.json by `npm run client:types`.',
  ' * Do not edit: change the API, then run `npm run openapi && npm run client:types`.',
  ' */',
  '',
].join('\n');

/** The contents client/checkout-api.d.ts must have for the committed openapi.json. */
export async function generateClientTypes(): Promise<string> {
  const document = JSON.parse(readFileSync(OPENAPI_DOCUMENT, 'utf8')) as Parameters<
    typeof openapiTS
  >[0];
  return HEADER + astToString(await openapiTS(document));
}

/** `--stdout` prints instead of writing: the staleness test compares that with the file. */
async function main(): Promise<void> {
  const types = await generateClientTypes();
  if (process.argv.includes('--stdout')) {
    process.stdout.write(types);
    return;
  }
  writeFileSync(CLIENT_TYPES, types);
  console.log(`wrote ${CLIENT_TYPES}`);
}

if (require.main === module) void main();
