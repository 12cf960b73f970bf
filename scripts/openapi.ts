/**
 * Writes the OpenAPI document the code produces to openapi.json (committed, so contract changes
 * show up in review). `npm run openapi`; test/e2e/openapi.e2e-spec.ts fails when it is stale.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApp } from '../src/app.factory';
import { buildOpenApiDocument } from '../src/shared/http/swagger';

export const OPENAPI_PATH = resolve(__dirname, '..', 'openapi.json');

async function main(): Promise<void> {
  // The document does not depend on the database: describe the app on a throwaway embedded one.
  delete process.env.DATABASE_URL;
  process.env.DATA_DIR = 'memory://';
  process.env.LOG_LEVEL ??= 'silent';
  const app = await createApp();
  await app.init();
  writeFileSync(OPENAPI_PATH, `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
  await app.close();
  console.log(`wrote ${OPENAPI_PATH}`);
}

void main();
