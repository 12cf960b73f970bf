import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * A freshly initialised embedded data directory, made once per PGlite version and copied into
 * every new database. PGlite's initdb runs PostgreSQL's bootstrap in WebAssembly and takes about
 * 4 s on a 2-core machine; copying its result takes about 0.15 s. `npm run build` and the test
 * run make the template (`createEmbeddedTemplate`); the service only reads it, and falls back to
 * initdb when it is missing, so a read-only install still starts.
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
  const root = join(modules, CACHE, `pglite-${version}`);
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
  const template = embeddedTemplate();
  if (!template || existsSync(join(path, 'PG_VERSION'))) {
    return false;
  }
  // Copied beside the target and renamed into place: a crash mid-copy leaves no half database.
  const partial = `${path}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(template.directory, partial, { recursive: true });
  rmSync(path, { recursive: true, force: true });
  renameSync(partial, path);
  return true;
}

/**
 * Makes the template if it is missing. Safe to run from several processes at once: each builds
 * in its own directory and the first rename wins.
 */
export async function createEmbeddedTemplate(): Promise<EmbeddedTemplate> {
  const existing = embeddedTemplate();
  if (existing) {
    return existing;
  }
  const template = embeddedTemplateLocation();
  const root = dirname(template.directory);
  const work = `${root}.partial-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const database = await PGlite.create(join(work, 'pgdata'));
  try {
    const tar = await database.dumpDataDir('none');
    writeFileSync(join(work, 'pgdata.tar'), Buffer.from(await tar.arrayBuffer()));
  } finally {
    await database.close();
  }
  try {
    mkdirSync(dirname(root), { recursive: true });
    renameSync(work, root);
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    if (!embeddedTemplate()) {
      throw error;
    }
  }
  return template;
}
