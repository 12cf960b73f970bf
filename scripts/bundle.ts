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
import { build, type Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const SERVER_BUNDLE = join(ROOT, 'dist/server.js');

const EXTERNAL = [
  '@electric-sql/pglite',
  'swagger-ui-dist',
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

/**
 * @nestjs/typeorm looks up two exports TypeORM 1.x removed (`Connection`, `AbstractRepository`)
 * through `createRequire(import.meta.url)`, a require esbuild cannot see into. Left alone, the
 * bundled server loads a second TypeORM from node_modules (~300 modules and their dependencies,
 * ~0.1 s of start-up) only to find both undefined. This points that require at the bundled copy.
 */
const bundledTypeormForNestTypeorm: Plugin = {
  name: 'nestjs-typeorm-compat',
  setup(bundler) {
    bundler.onLoad(
      { filter: /@nestjs[\\/]typeorm[\\/]dist[\\/]common[\\/]typeorm-compat\.js$/ },
      async (args) => {
        const source = await readFile(args.path, 'utf8');
        const runtimeRequire = 'const require = createRequire(import.meta.url);';
        if (!source.includes(runtimeRequire)) {
          throw new Error(
            `${args.path} no longer reads: ${runtimeRequire} (see scripts/bundle.ts)`,
          );
        }
        const contents = source.replace(
          runtimeRequire,
          `import * as bundledTypeorm from 'typeorm';
const require = (name) => {
  if (name !== 'typeorm') throw new Error(\`not bundled: \${name}\`);
  return bundledTypeorm;
};`,
        );
        return { contents, loader: 'js' };
      },
    );
  },
};

/**
 * Node decodes a source file with any non-ASCII character into a two-byte string: for this 6 MB
 * bundle, reading took ~40 ms instead of ~20, and the source V8 keeps took twice the memory.
 * esbuild escapes non-ASCII characters in strings and templates but not in regular expression
 * literals: validator.js (class-validator's) has locale tables of such patterns, ansis (TypeORM's
 * colours) an escape-code pattern. Those packages' files are read with every non-ASCII character
 * escaped (`\\uXXXX`, one per UTF-16 unit: the same pattern, or text, there); license comments
 * go to dist/server.js.LEGAL.txt. The start-up test checks that the bundle is ASCII only.
 */
const asciiSources: Plugin = {
  name: 'ascii-sources',
  setup(bundler) {
    bundler.onLoad(
      { filter: /[\\/]node_modules[\\/](validator[\\/]lib|ansis)[\\/].*\.c?js$/ },
      async (args) => {
        const source = await readFile(args.path, 'utf8');
        const contents = source.replace(
          /[^\x00-\x7f]/g,
          (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`,
        );
        return { contents, loader: 'js' };
      },
    );
  },
};

const started = Date.now();
build({
  entryPoints: [join(ROOT, 'dist/src/main.js')],
  outfile: SERVER_BUNDLE,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  external: EXTERNAL,
  plugins: [bundledTypeormForNestTypeorm, asciiSources],
  legalComments: 'linked',
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
