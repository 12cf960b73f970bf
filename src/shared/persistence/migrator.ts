import { DataSource, MigrationExecutor } from 'typeorm';
import { SessionQuery, withAdvisoryLock } from './advisory-lock';
import { ensureOutboxPartitions } from './outbox-partitions';

/** Arbitrary, fixed key: every instance of this service contends for the same lock. */
const MIGRATION_LOCK_KEY = 7_345_120_981;

/**
 * Applies pending migrations, each in its own transaction unless it says `transaction = false`
 * (one that builds an index CONCURRENTLY on a large table cannot run in a transaction).
 *
 * On a PostgreSQL server several instances may start at once, so the run is serialized by a
 * session advisory lock (see `withAdvisoryLock` for why it is polled): the first instance
 * migrates, the others wait and then find nothing to do. Migrations run without the service's
 * statement timeout, on the connection that holds the lock. The embedded database belongs to one
 * process and needs no lock. Then the outbox gets its partitions for the coming days: a database
 * migrated days ago (the embedded template) may lack today's.
 */
export async function runMigrations(dataSource: DataSource, embedded: boolean): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  const query: SessionQuery = (sql, params) => runner.query(sql, params);
  const migrate = async (): Promise<string[]> => {
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    const applied = await executor.executePendingMigrations();
    await ensureOutboxPartitions(query);
    return applied.map((migration) => migration.name);
  };
  try {
    await runner.connect();
    if (embedded) return await migrate();
    await runner.query('SET statement_timeout = 0');
    try {
      return await withAdvisoryLock(query, MIGRATION_LOCK_KEY, migrate);
    } finally {
      await runner.query('RESET statement_timeout').catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}
