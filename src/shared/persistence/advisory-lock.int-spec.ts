import { withAdvisoryLock } from './advisory-lock';
import {
  closeEmbedded,
  onPostgres,
  PrivateSchema,
  Session,
} from '../../../test/support/private-schema';

const KEY = 7_345_120_999;

/**
 * Work that waits for every older snapshot on the server: a waiter that held one while blocked on
 * the lock would wait for the holder, and the holder for it.
 */
const SNAPSHOT_WAITERS: [string, string][] = [
  ['CREATE INDEX CONCURRENTLY', 'CREATE INDEX CONCURRENTLY items_name_idx ON items (name)'],
  ['REINDEX CONCURRENTLY', 'REINDEX INDEX CONCURRENTLY items_pkey'],
];

const DDL = 'CREATE TABLE items (id int PRIMARY KEY, name text)';

describe('withAdvisoryLock', () => {
  let schema: PrivateSchema;
  let holder: Session;

  beforeEach(async () => {
    schema = new PrivateSchema('advisory_lock');
    holder = await schema.create(DDL);
  });

  afterEach(() => schema.drop());

  afterAll(() => closeEmbedded());

  it('runs the work under the lock and releases it, also when the work fails', async () => {
    expect(await withAdvisoryLock(holder.query, KEY, () => Promise.resolve(42))).toBe(42);
    const failure = new Error('work failed');
    await expect(withAdvisoryLock(holder.query, KEY, () => Promise.reject(failure))).rejects.toBe(
      failure,
    );
    const [row] = (await holder.query('SELECT pg_try_advisory_lock($1) AS locked', [KEY])) as [
      { locked: boolean },
    ];
    expect(row.locked).toBe(true);
    await holder.query('SELECT pg_advisory_unlock($1)', [KEY]);
  });

  describe.each(SNAPSHOT_WAITERS)('the holder runs %s while another session waits', (_, sql) => {
    onPostgres('both finish: the waiter holds no snapshot while it waits', async () => {
      const waiter = await schema.session();
      const order: string[] = [];
      let waiting!: Promise<void>;
      await withAdvisoryLock(holder.query, KEY, async () => {
        waiting = withAdvisoryLock(waiter.query, KEY, () =>
          Promise.resolve(void order.push('waiter')),
        );
        await new Promise((resolve) => setTimeout(resolve, 300)); // the waiter is polling
        await holder.query(`SET lock_timeout = '10s'`, []);
        await holder.query(sql, []);
        order.push('holder');
      });
      await waiting;
      expect(order).toEqual(['holder', 'waiter']);
    });
  });
});
