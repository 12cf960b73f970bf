import { DataSource, MigrationExecutor, QueryRunner } from 'typeorm';
import { ensureOutboxPartitions } from './outbox-partitions';

/** Arbitrary, fixed key: every instance of this service contends for the same lock. */
const MIGRATION_LOCK_KEY = 7_345_120_981;
const LOCK_POLL_MS = 100;

/**
 * Applies pending migrations, each in its own transaction unless it says `transaction = false`
 * (one that builds an index CONCURRENTLY on a large table cannot run in a transaction).
 *
 * On a PostgreSQL server several instances may start at once, so the run is serialized by a
 * session advisory lock: the first instance migrates, the others wait and then find nothing to
 * do. They wait by polling `pg_try_advisory_lock`, not in a blocking `pg_advisory_lock`: a
 * statement waiting there holds a snapshot, and CREATE INDEX CONCURRENTLY waits for every older
 * snapshot, so the two would wait for each other. Migrations run without the service's statement
 * timeout, on the connection that holds the lock. The embedded database belongs to one process
 * and needs no lock. Then the outbox gets its partitions for the coming days: a database migrated
 * days ago (the embedded template) may lack today's.
 */
export async function runMigrations(dataSource: DataSource, embedded: boolean): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    if (!embedded) {
      await runner.query('SET statement_timeout = 0');
      await lock(runner);
    }
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    const applied = await executor.executePendingMigrations();
    await ensureOutboxPartitions((sql, params) => runner.query(sql, params));
    return applied.map((migration) => migration.name);
  } finally {
    if (!embedded) {
      await runner
        .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
        .catch(() => undefined);
      await runner.query('RESET statement_timeout').catch(() => undefined);
    }
    await runner.release();
  }
}

async function lock(runner: QueryRunner): Promise<void> {
  for (;;) {
    const [row] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [
      MIGRATION_LOCK_KEY,
    ])) as { locked: boolean }[];
    if (row?.locked) return;
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}
