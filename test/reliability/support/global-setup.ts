import prepareTestDatabase from '../../support/global-setup';
import { ensureBuilt } from './service';

/**
 * The reliability run: the local PostgreSQL server (each test file creates and drops its own
 * database on it) and the compiled service, which the tests spawn as child processes.
 */
export default async function globalSetup(): Promise<void> {
  // The in-process security suite runs here too, on a fresh test database like in `npm test`.
  await prepareTestDatabase();
  process.env.RELIABILITY_DATABASE_URL ??=
    process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  process.env.RELIABILITY_RUN_ID ??= new Date().toISOString().replace(/[:.]/g, '-');
  // Databases of this run are named after it, so the teardown can drop what a crash left behind.
  process.env.RELIABILITY_DB_PREFIX ??= `${process.pid}_${Date.now().toString(36)}`;
  await ensureBuilt();
}
