import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import dropTestDatabase from '../../support/global-teardown';
import { collect, RESULTS_ROOT, runDirectory, table } from './report';

/** Prints every figure of the run, writes them as JSON, and drops databases a crash left behind. */
export default async function globalTeardown(): Promise<void> {
  const dir = runDirectory();
  const entries = collect(dir);
  const summary = {
    run: process.env.RELIABILITY_RUN_ID,
    full: process.env.RELIABILITY_FULL === '1',
    entries,
  };
  if (entries.length > 0) {
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2));
    writeFileSync(join(RESULTS_ROOT, 'latest.json'), JSON.stringify(summary, null, 2));
  }
  process.stdout.write(
    `\nReliability figures (${summary.full ? 'full' : 'CI subset'}; ${join(dir, 'summary.json')}):\n` +
      `${table(entries)}\n\n`,
  );

  const admin = new Client({ connectionString: process.env.RELIABILITY_DATABASE_URL });
  admin.on('error', () => undefined);
  try {
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`checkout_reliability_${process.env.RELIABILITY_DB_PREFIX}_%`],
    );
    for (const { datname } of rows)
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } catch {
    // The server may be down after a failed restart test; nothing more to clean then.
  } finally {
    await admin.end().catch(() => undefined);
  }
  await dropTestDatabase().catch(() => undefined);
}
