import { DataSource } from 'typeorm';

/** Arbitrary, fixed key: every instance of this service contends for the same lock. */
const MIGRATION_LOCK_KEY = 7_345_120_981;

/**
 * Applies pending migrations. On a PostgreSQL server several instances may start at once, so the
 * run is serialized by a session advisory lock: the first instance migrates, the others wait and
 * then find nothing to do. The embedded database belongs to one process and needs no lock.
 */
export async function runMigrations(dataSource: DataSource, embedded: boolean): Promise<string[]> {
  if (embedded) return names(await dataSource.runMigrations({ transaction: 'all' }));
  const lockHolder = dataSource.createQueryRunner();
  try {
    await lockHolder.connect();
    await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return names(await dataSource.runMigrations({ transaction: 'all' }));
  } finally {
    await lockHolder
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await lockHolder.release();
  }
}

function names(migrations: { name: string }[]): string[] {
  return migrations.map((migration) => migration.name);
}
