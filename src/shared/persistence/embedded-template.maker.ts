import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { EmbeddedTemplate, embeddedTemplate, embeddedTemplateLocation } from './embedded-template';
import { runMigrations } from './migrator';

/**
 * Makes the embedded database template (see embedded-template.ts) if it is missing: a new data
 * directory, every migration applied the way the service applies them, then its tarball. Safe to
 * run from several processes at once: each builds in its own directory and the first rename wins.
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
  try {
    // The embedded driver keeps its files in <dataDir>/pglite.
    const dataSource = await new DataSource(
      dataSourceOptions({ kind: 'embedded', dataDir: work }),
    ).initialize();
    try {
      await runMigrations(dataSource, true);
    } finally {
      await dataSource.destroy();
    }
    renameSync(join(work, 'pglite'), join(work, 'pgdata'));
    const database = await PGlite.create(join(work, 'pgdata'));
    try {
      const tar = await database.dumpDataDir('none');
      writeFileSync(join(work, 'pgdata.tar'), Buffer.from(await tar.arrayBuffer()));
    } finally {
      await database.close();
    }
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
