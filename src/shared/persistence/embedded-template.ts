import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MIGRATIONS } from '../../migrations';

/**
 * An embedded data directory with the schema in place (initdb, then every migration), made once
 * per PGlite version and migration list and copied into every new database. PGlite's initdb runs
 * PostgreSQL's bootstrap in WebAssembly and takes seconds, the migrations a fraction of that;
 * copying the result is far quicker than both. `npm run build` and the test run make
 * the template (embedded-template.maker.ts); the service only reads it, and falls back to initdb
 * and migrations when there is none for its PGlite and migrations, so a read-only install or a
 * new migration not yet built still starts.
 *
 * It lives in node_modules/.cache (the usual place for a tool's cache): it belongs to the
 * installed PGlite, and `npm ci` throws it away together with the version it was made by.
 */
export interface EmbeddedTemplate {
  /** The data directory, for a database kept on disk. */
  readonly directory: string;
  /** The same directory as a tar, which PGlite loads into an in-memory database. */
  readonly tarball: string;
}

const CACHE = join('.cache', 'checkout-service');

export function embeddedTemplateLocation(): EmbeddedTemplate {
  // .../node_modules/@electric-sql/pglite/dist/index.cjs -> .../node_modules
  const modules = dirname(dirname(dirname(dirname(require.resolve('@electric-sql/pglite')))));
  const manifest = join(modules, '@electric-sql', 'pglite', 'package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const migrations = createHash('sha256')
    .update(MIGRATIONS.map((migration) => migration.name).join('\n'))
    .digest('hex')
    .slice(0, 12);
  const root = join(modules, CACHE, `pglite-${version}-schema-${migrations}`);
  return { directory: join(root, 'pgdata'), tarball: join(root, 'pgdata.tar') };
}

/** The template, or undefined when it has not been made (the caller then runs initdb). */
export function embeddedTemplate(): EmbeddedTemplate | undefined {
  const template = embeddedTemplateLocation();
  const complete =
    existsSync(join(template.directory, 'PG_VERSION')) && existsSync(template.tarball);
  return complete ? template : undefined;
}

/**
 * A new data directory at `path` from the template: true when copied, false when `path` already
 * holds a database or there is no template.
 */
export function copyEmbeddedTemplate(path: string): boolean {
  // The directory alone will do (the Docker image carries no tarball): it is renamed into place
  // complete, so a PG_VERSION in it means a whole template.
  const { directory } = embeddedTemplateLocation();
  if (!existsSync(join(directory, 'PG_VERSION')) || existsSync(join(path, 'PG_VERSION'))) {
    return false;
  }
  // Copied beside the target and renamed into place: a crash mid-copy leaves no half database.
  const partial = `${path}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(directory, partial, { recursive: true });
  rmSync(path, { recursive: true, force: true });
  renameSync(partial, path);
  return true;
}
