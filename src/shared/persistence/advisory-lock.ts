/** Runs one statement on ONE database session: a session advisory lock is that session's. */
export type SessionQuery = (sql: string, params: unknown[]) => Promise<unknown>;

const POLL_MS = 100;

/**
 * Runs `work` holding the session advisory lock `key`, released afterwards even if `work` fails.
 *
 * It waits by polling `pg_try_advisory_lock`, never in a blocking `pg_advisory_lock`: a statement
 * waiting there holds a snapshot, and `CREATE INDEX CONCURRENTLY` (a migration's) and `REINDEX
 * CONCURRENTLY` wait for every older snapshot, so a holder running one and a waiter would wait for
 * each other until PostgreSQL broke the deadlock by failing one. Between polls the waiter holds
 * nothing.
 */
export async function withAdvisoryLock<T>(
  query: SessionQuery,
  key: number,
  work: () => Promise<T>,
): Promise<T> {
  for (;;) {
    const [row] = (await query('SELECT pg_try_advisory_lock($1) AS locked', [key])) as {
      locked: boolean;
    }[];
    if (row?.locked) break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const unlock = (): Promise<unknown> => query('SELECT pg_advisory_unlock($1)', [key]);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await unlock().catch(() => undefined); // the work's error is the one to report
    throw error;
  }
  await unlock();
  return result;
}
