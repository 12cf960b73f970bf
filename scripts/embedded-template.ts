/**
 * Makes the embedded database's template, schema included (see
 * src/shared/persistence/embedded-template.ts), if it is missing. Part of `npm run build` and
 * `npm start`, so the first start on a new data directory copies it instead of running PGlite's
 * initdb and the migrations.
 */
import { embeddedTemplate } from '../src/shared/persistence/embedded-template';

async function main(): Promise<void> {
  const existing = embeddedTemplate();
  if (existing) {
    console.log(`Embedded database template: ${existing.directory}`);
    return;
  }
  // PostgreSQL's bootstrap in WebAssembly: the slowest step of a first start, hence the notice.
  console.log('Embedded database template: making it (initdb and the migrations)...');
  const started = Date.now();
  // Loaded only here: TypeORM and PGlite are most of this script's start-up.
  const { createEmbeddedTemplate } =
    await import('../src/shared/persistence/embedded-template.maker.js');
  const template = await createEmbeddedTemplate();
  console.log(`Embedded database template: ${template.directory} (${Date.now() - started} ms)`);
}

main().catch((error: unknown) => {
  console.error('Could not make the embedded database template:', error);
  process.exit(1);
});
