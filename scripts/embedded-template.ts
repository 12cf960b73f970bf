/**
 * Makes the embedded database's template, schema included (see
 * src/shared/persistence/embedded-template.ts), if it is missing. Part of `npm run build`, so the
 * first start on a new data directory copies it instead of running PGlite's initdb and the
 * migrations.
 */
import { createEmbeddedTemplate } from '../src/shared/persistence/embedded-template.maker';

const started = Date.now();
createEmbeddedTemplate().then(
  (template) =>
    console.log(`Embedded database template: ${template.directory} (${Date.now() - started} ms)`),
  (error: unknown) => {
    console.error('Could not make the embedded database template:', error);
    process.exit(1);
  },
);
