import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { MIGRATIONS } from '../../migrations';
import { copyEmbeddedTemplate, embeddedTemplate } from './embedded-template';
import { createEmbeddedTemplate } from './embedded-template.maker';

/**
 * A new embedded database starts as a copy of one initdb'd data directory. The copy must be a
 * complete database PGlite resumes (it runs initdb only when PG_VERSION is missing), and it must
 * never replace a database that already exists.
 */
describe('embedded database template', () => {
  let scratch: string;

  beforeAll(async () => {
    await createEmbeddedTemplate();
  });

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'embedded-template-'));
  });

  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('is made once and found afterwards', async () => {
    const template = embeddedTemplate();
    expect(template).toBeDefined();
    expect(existsSync(join(template!.directory, 'PG_VERSION'))).toBe(true);
    await expect(createEmbeddedTemplate()).resolves.toEqual(template);
  });

  it('copies into a new directory a database PGlite opens and writes to', async () => {
    const path = join(scratch, 'pglite');
    expect(copyEmbeddedTemplate(path)).toBe(true);
    // PGlite would run initdb itself without PG_VERSION; with it, the copied cluster is used.
    expect(existsSync(join(path, 'PG_VERSION'))).toBe(true);
    const database = await PGlite.create(path);
    try {
      await database.exec('CREATE TABLE note (id int PRIMARY KEY, body text NOT NULL)');
      await database.query('INSERT INTO note VALUES (1, $1)', ['kept']);
    } finally {
      await database.close();
    }
    const reopened = await PGlite.create(path);
    try {
      const { rows } = await reopened.query<{ body: string }>('SELECT body FROM note');
      expect(rows).toEqual([{ body: 'kept' }]);
    } finally {
      await reopened.close();
    }
  });

  it('leaves an existing database alone', () => {
    const path = join(scratch, 'pglite');
    expect(copyEmbeddedTemplate(path)).toBe(true);
    writeFileSync(join(path, 'marker'), 'mine');
    expect(copyEmbeddedTemplate(path)).toBe(false);
    expect(existsSync(join(path, 'marker'))).toBe(true);
  });

  it('loads into an in-memory database from its tarball, with every migration applied', async () => {
    const database = await PGlite.create('memory://', {
      loadDataDir: new Blob([readFileSync(embeddedTemplate()!.tarball)]),
    });
    try {
      // The schema is in place: every migration, in order, and nothing else.
      const { rows } = await database.query<{ name: string }>(
        'SELECT name FROM migrations ORDER BY timestamp',
      );
      expect(rows.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
    } finally {
      await database.close();
    }
  });
});
