import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/**
 * PGlite is one connection shared by the whole process. These tests prove the embedded driver
 * leases it exclusively, so concurrent transactions run one after the other instead of
 * interleaving their statements (which would silently break every transaction's isolation).
 */
describe('embedded PostgreSQL driver', () => {
  let dataSource: DataSource;
  /** The pool-level query the statement runner uses outside transactions. */
  let poolQuery: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }>;
  /** The same, as a named prepared statement (pg's `{ name, text, values }` form). */
  let namedQuery: (
    name: string,
    text: string,
    values?: unknown[],
  ) => Promise<{ rows: unknown[]; affectedRows?: number }>;

  beforeAll(async () => {
    dataSource = await new DataSource(
      dataSourceOptions({ kind: 'embedded', dataDir: 'memory://' }),
    ).initialize();
    const pool = (dataSource.driver as unknown as { master: { query: typeof poolQuery } }).master;
    poolQuery = (sql, params) => pool.query(sql, params);
    const named = pool as unknown as {
      query(statement: {
        name: string;
        text: string;
        values?: unknown[];
      }): ReturnType<typeof namedQuery>;
    };
    namedQuery = (name, text, values) => named.query({ name, text, values });
    await dataSource.query('CREATE TABLE counter (id int PRIMARY KEY, value int NOT NULL)');
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE counter');
    await dataSource.query('INSERT INTO counter VALUES (1, 0)');
  });

  afterAll(() => dataSource.destroy());

  const value = async (): Promise<number> => {
    const [row] = await dataSource.query<{ value: number }[]>(
      'SELECT value FROM counter WHERE id = 1',
    );
    return row!.value;
  };

  /** Read-modify-write in one transaction, pausing between statements to invite interleaving. */
  async function increment(name: string, log: string[]): Promise<void> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      log.push(`${name}:begin`);
      const [row] = (await runner.query('SELECT value FROM counter WHERE id = 1')) as {
        value: number;
      }[];
      log.push(`${name}:read`);
      await sleep(50);
      await runner.query('UPDATE counter SET value = $1 WHERE id = 1', [row!.value + 1]);
      log.push(`${name}:write`);
      await sleep(20);
      await runner.commitTransaction();
      log.push(`${name}:commit`);
    } finally {
      await runner.release();
    }
  }

  it('runs concurrent transactions one after the other: no lost update, no interleaving', async () => {
    const log: string[] = [];

    await Promise.all([increment('A', log), increment('B', log), increment('C', log)]);

    expect(await value()).toBe(3);
    const steps = ['begin', 'read', 'write', 'commit'];
    const order = log.filter((_, index) => index % steps.length === 0).map((entry) => entry[0]);
    expect(order.sort()).toEqual(['A', 'B', 'C']);
    // Each transaction's four steps are contiguous: nothing of another ran in between.
    expect(log).toEqual(
      log
        .filter((_, index) => index % steps.length === 0)
        .flatMap((entry) => steps.map((step) => `${entry[0]}:${step}`)),
    );
  });

  it('makes a plain query wait until an open transaction ends, then see its commit', async () => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query('UPDATE counter SET value = 42 WHERE id = 1');

    const finished: string[] = [];
    const viaPool = poolQuery('SELECT value FROM counter WHERE id = 1').then(({ rows }) => {
      finished.push('pool');
      return rows;
    });
    const viaDataSource = dataSource
      .query('SELECT value FROM counter WHERE id = 1')
      .then((rows: unknown) => {
        finished.push('dataSource');
        return rows;
      });
    await sleep(100);
    expect(finished).toEqual([]);

    await runner.commitTransaction();
    finished.push('commit');
    await runner.release();

    expect(await viaPool).toEqual([{ value: 42 }]);
    expect(await viaDataSource).toEqual([{ value: 42 }]);
    expect(finished[0]).toBe('commit');
  });

  it('never lets a plain query see uncommitted work of a transaction that rolls back', async () => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query('UPDATE counter SET value = 99 WHERE id = 1');
    const reading = poolQuery('SELECT value FROM counter WHERE id = 1');
    await sleep(50);
    await runner.rollbackTransaction();
    await runner.release();

    expect((await reading).rows).toEqual([{ value: 0 }]);
  });

  it('releases the connection when a transaction fails, so others go on', async () => {
    const failing = async (): Promise<void> => {
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        await runner.query('UPDATE counter SET value = 7 WHERE id = 1');
        await runner.query('SELECT * FROM no_such_table');
      } catch (error) {
        await runner.rollbackTransaction();
        throw error;
      } finally {
        await runner.release();
      }
    };

    await expect(failing()).rejects.toThrow(/no_such_table/);
    await Promise.all([increment('A', []), increment('B', [])]);
    expect(await value()).toBe(2);
  });

  describe('named statements (prepared once, run with Bind/Execute)', () => {
    const ROUND_TRIP = `
      SELECT $1::uuid AS id, $2::jsonb AS doc, $3::int AS n, $4::text AS missing,
             $5::timestamptz AS at, $6::boolean AS flag, $7::text[] AS tags`;
    const values = [
      '0b6bdb1c-6a0b-4f7e-9d64-2f1d3c4b5a69',
      JSON.stringify({ a: [1, 'x'], b: null }),
      42,
      null,
      new Date('2026-11-23T10:00:00.000Z'),
      true,
      ['x', 'y,z'],
    ];

    it('return what the unnamed form returns, for each kind of value, run after run', async () => {
      const plain = await poolQuery(ROUND_TRIP, values);
      for (let run = 0; run < 3; run += 1) {
        const prepared = await namedQuery('spec_round_trip', ROUND_TRIP, values);
        expect(prepared.rows).toEqual(plain.rows);
      }
      // Prepared on the database, once.
      expect(
        (
          await poolQuery('SELECT statement FROM pg_prepared_statements WHERE name = $1', [
            'spec_round_trip',
          ])
        ).rows,
      ).toEqual([{ statement: ROUND_TRIP }]);
      expect(plain.rows).toEqual([
        {
          id: values[0],
          doc: { a: [1, 'x'], b: null },
          n: 42,
          missing: null,
          at: values[4],
          flag: true,
          tags: ['x', 'y,z'],
        },
      ]);
    });

    it('write, report the rows they changed, and see a transaction only once it commits', async () => {
      const update = 'UPDATE counter SET value = value + $1 WHERE id = $2';
      expect((await namedQuery('spec_update', update, [5, 1])).affectedRows).toBe(1);
      expect((await namedQuery('spec_update', update, [5, 2])).affectedRows).toBe(0);

      const runner = dataSource.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      await runner.query('UPDATE counter SET value = 100 WHERE id = 1');
      const reading = namedQuery('spec_read', 'SELECT value FROM counter WHERE id = $1', [1]);
      await sleep(50);
      await runner.commitTransaction();
      await runner.release();
      expect((await reading).rows).toEqual([{ value: 100 }]);
    });

    it('fail with the database error and its SQLSTATE, and the connection goes on', async () => {
      const insert = 'INSERT INTO counter VALUES ($1, $2)';
      await expect(namedQuery('spec_insert', insert, [1, 0])).rejects.toMatchObject({
        code: '23505',
      });
      await expect(namedQuery('spec_bad', 'SELECT * FROM no_such_table', [])).rejects.toThrow(
        /no_such_table/,
      );
      expect((await namedQuery('spec_insert', insert, [2, 7])).affectedRows).toBe(1);
      expect((await poolQuery('SELECT sum(value)::int AS total FROM counter')).rows).toEqual([
        { total: 7 },
      ]);
    });
  });
});
