/**
 * Bundles the compiled service (dist/src/main.js and everything it imports) into one file,
 * dist/server.js: what `npm run start:prod`, the Docker image and the bench run. Node then reads,
 * resolves and compiles one file instead of over 1,500 modules (NestJS alone is hundreds of
 * ES modules), which took about 0.5 s off start-up to ready. Part of `npm run build`.
 *
 * Left outside the bundle, loaded from node_modules at run time:
 * - packages that read files next to their own code (PGlite's WebAssembly, Swagger UI's assets);
 * - `pg`: TypeORM loads it by a computed name, so a bundled copy would be a second `pg` whose
 *   errors and types the service would not recognise;
 * - optional packages that NestJS and fastify load only when asked, and that are not installed.
 */
import { build } from 'esbuild';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const SERVER_BUNDLE = join(ROOT, 'dist/server.js');

const EXTERNAL = [
  '@electric-sql/pglite',
  'swagger-ui-dist',
  '@fastify/static',
  'pg',
  'pg-native',
  '@nestjs/microservices',
  '@nestjs/websockets',
  '@nestjs/platform-express',
  '@fastify/multipart',
  '@fastify/view',
  'class-transformer/storage',
];

/**
 * NestJS and its plugins are ES modules that use `import.meta`; in a CommonJS bundle it is this
 * file's own URL, and `import.meta.resolve` resolves from here (node_modules is beside dist/).
 */
const IMPORT_META = `const __importMeta = {
  url: require('node:url').pathToFileURL(__filename).href,
  resolve: (specifier) => require('node:url').pathToFileURL(require.resolve(specifier)).href,
};`;

const started = Date.now();
build({
  entryPoints: [join(ROOT, 'dist/src/main.js')],
  outfile: SERVER_BUNDLE,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: EXTERNAL,
  // Nest names providers, modules and loggers after their classes.
  keepNames: true,
  // Less to read and parse at start-up (9 MB -> 5 MB); names stay, so stack traces still read.
  minifyWhitespace: true,
  minifySyntax: true,
  banner: { js: IMPORT_META },
  define: { 'import.meta': '__importMeta' },
  // Maps back to the TypeScript sources through tsc's maps; read only with --enable-source-maps.
  sourcemap: 'linked',
  logLevel: 'error',
}).then(
  () => console.log(`Server bundle: ${SERVER_BUNDLE} (${Date.now() - started} ms)`),
  (error: unknown) => {
    console.error('Could not bundle the server:', error);
    process.exit(1);
  },
);
