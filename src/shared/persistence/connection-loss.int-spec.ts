import { EventBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { Pool, PoolClient } from 'pg';
import { isDatabaseUnavailable } from '../http/problem-details.filter';
import { dataSourceOptions } from './data-source-options';
import { TransactionConnectionLostError, StatementRunner } from './statement-runner';

/**
 * Connections that die under the service (`pg_terminate_backend`, a server restart) must surface
 * as "database unavailable" (503), never crash the process or become a 500. Found by the
 * reliability run (test/reliability/database-faults.reliability-spec.ts); these are its
 * regression tests, on a real PostgreSQL server.
 */
const url = process.env.DATABASE_URL;
const describeOnPostgres = url
  ? describe
  : (name: string, fn: () => void) => describe.skip(`${name} [needs TEST_DATABASE_URL]`, fn);

const waitUntil = async (condition: () => boolean): Promise<void> => {
  for (let waited = 0; !condition() && waited < 5_000; waited += 10) {
    await new Promise((done) => setTimeout(done, 10));
  }
};

describeOnPostgres('losing a database connection', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await new DataSource(
      dataSourceOptions({ kind: 'postgres', url: url!, poolSize: 3 }),
    ).initialize();
  });
  afterAll(() => dataSource?.destroy());

  const terminate = (pid: number): Promise<unknown> =>
    dataSource.query('SELECT pg_terminate_backend($1)', [pid]);

  it('does not crash the process when a checked-out client between queries loses its connection', async () => {
    const pool = (dataSource.driver as unknown as { master: Pool }).master;
    // A client held without a query running and without an error listener of its holder: pg
    // emits 'error' on it when the server ends the connection, which used to be uncaught.
    const client: PoolClient = await pool.connect();
    const { pid } = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))
      .rows[0]!;

    await terminate(pid);
    await waitUntil(() => !(client as unknown as { _queryable: boolean })._queryable);

    const error = await client.query('SELECT 1').catch((failure: unknown) => failure);
    expect(isDatabaseUnavailable(error)).toBe(true);
    client.release(error as Error);
    expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('turns a transaction whose connection died before COMMIT into a connection error (503), not a 500', async () => {
    const statements = new StatementRunner(dataSource, {
      publishAll: () => undefined,
    } as unknown as EventBus);
    const scope = (
      statements as unknown as { scope: { getStore(): { runner: { isReleased: boolean } } } }
    ).scope;

    const failure = await statements
      .transaction(async () => {
        const [row] = await statements.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await terminate(row!.pid);
        // TypeORM releases the runner when its client reports the lost connection.
        await waitUntil(() => scope.getStore().runner.isReleased);
      })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(TransactionConnectionLostError);
    expect(isDatabaseUnavailable(failure)).toBe(true);
    expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});
