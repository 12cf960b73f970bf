import { randomUUID } from 'node:crypto';
import { QueryRunner } from 'typeorm';
import { OutboxPartitions1796000000000 } from '../../migrations/1796000000000-outbox-partitions';
import {
  createOutboxPartitions,
  dropExpiredOutboxPartitions,
  ensureOutboxPartitions,
  maintainOutboxPartitions,
} from './outbox-partitions';
import {
  closeEmbedded,
  onPostgres,
  PrivateSchema,
  Session,
} from '../../../test/support/private-schema';

/**
 * Partition maintenance against a real database: PostgreSQL when the run has one (DATABASE_URL),
 * else embedded PGlite. Each test gets a schema of its own holding the outbox as the migrations
 * before partitioning left it, then partitioned by the migration under test.
 */
const UNPARTITIONED = `
  CREATE TABLE outbox (
    id uuid CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY, sequence bigserial UNIQUE,
    aggregate_id uuid NOT NULL, aggregate_version integer NOT NULL, type varchar(100) NOT NULL,
    payload jsonb NOT NULL, occurred_at timestamptz NOT NULL, published_at timestamptz,
    recorded_at timestamptz DEFAULT clock_timestamp());
  CREATE INDEX outbox_aggregate_idx ON outbox (aggregate_id, aggregate_version);
  CREATE INDEX outbox_unpublished_idx ON outbox (sequence) WHERE published_at IS NULL;
  CREATE INDEX outbox_unpublished_aggregate_idx ON outbox (aggregate_id, sequence)
   WHERE published_at IS NULL;
  CREATE INDEX outbox_published_at_idx ON outbox (published_at) WHERE published_at IS NOT NULL;`;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('outbox partitions', () => {
  let schema: PrivateSchema;
  let main: Session;
  const session = (): Promise<Session> => schema.session();

  beforeEach(async () => {
    schema = new PrivateSchema('outbox_partitions');
    main = await schema.create(UNPARTITIONED);
  });

  afterEach(() => schema.drop());

  afterAll(() => closeEmbedded());

  const migrate = (): Promise<void> =>
    new OutboxPartitions1796000000000().up({
      query: (sql: string) => main.query(sql, []),
    } as unknown as QueryRunner);

  const dbNow = async (): Promise<number> => {
    const [row] = (await main.query('SELECT now() AS now', [])) as [{ now: Date }];
    return new Date(row.now).getTime();
  };

  /** Inserts an event recorded at `recordedAt` (the database's clock when omitted). */
  const insert = async (
    fields: { recordedAt?: number; publishedAt?: number | null; aggregateId?: string } = {},
  ): Promise<string> => {
    const id = randomUUID();
    await main.query(
      `INSERT INTO outbox (id, aggregate_id, aggregate_version, type, payload, occurred_at,
                           recorded_at, published_at)
       VALUES ($1, $2, 1, 'checkout.X', '{}', now(), coalesce($3::timestamptz, clock_timestamp()), $4)`,
      [
        id,
        fields.aggregateId ?? randomUUID(),
        fields.recordedAt === undefined ? null : new Date(fields.recordedAt).toISOString(),
        fields.publishedAt ? new Date(fields.publishedAt).toISOString() : null,
      ],
    );
    return id;
  };

  const partitionOf = async (id: string): Promise<string> => {
    const [row] = (await main.query(
      'SELECT tableoid::regclass::text AS p FROM outbox WHERE id = $1',
      [id],
    )) as [{ p: string }];
    return row.p;
  };

  const partitions = async (): Promise<string[]> =>
    (
      (await main.query(
        `SELECT inhrelid::regclass::text AS p FROM pg_inherits
          WHERE inhparent = 'outbox'::regclass ORDER BY 1`,
        [],
      )) as { p: string }[]
    ).map((row) => row.p);

  const dayName = (time: number): string =>
    `outbox_p${new Date(time).toISOString().slice(0, 10).replace(/-/g, '')}_000000`;

  /**
   * The migrated outbox with three past days in place of its history: four to two days ago, all
   * ended before any retention of a day or less.
   */
  const migratedWithPastDays = async (): Promise<number> => {
    await migrate();
    await main.query('DROP TABLE outbox_history', []);
    const today = Math.floor((await dbNow()) / DAY) * DAY;
    await createOutboxPartitions(main.query, new Date(today - 4 * DAY), new Date(today - DAY), DAY);
    return today;
  };
  const pastDays = (today: number): string[] => [4, 3, 2].map((n) => dayName(today - n * DAY));

  it('the migration keeps the unpublished rows, drops the published ones, and the sequence', async () => {
    const now = await dbNow();
    await main.query(
      `INSERT INTO outbox (id, aggregate_id, aggregate_version, type, payload, occurred_at,
                           published_at, recorded_at)
       VALUES ($1, $5, 1, 'checkout.X', '{}', now(), now(), now()),
              ($2, $5, 2, 'checkout.X', '{}', now(), NULL, now()),
              ($3, $6, 1, 'checkout.X', '{}', $7::timestamptz, NULL, NULL),
              ($4, $6, 2, 'checkout.X', '{}', now(), NULL, now())`,
      [
        randomUUID(),
        randomUUID(),
        randomUUID(),
        randomUUID(),
        randomUUID(),
        randomUUID(),
        new Date(now - 3 * DAY).toISOString(),
      ],
    );
    const before = (await main.query(
      'SELECT id, sequence FROM outbox WHERE published_at IS NULL ORDER BY sequence',
      [],
    )) as { id: string; sequence: string }[];
    await migrate();
    const after = (await main.query('SELECT id, sequence FROM outbox ORDER BY sequence', [])) as {
      id: string;
      sequence: string;
    }[];
    expect(after).toEqual(before);
    // Written before recorded_at existed: filed under when it occurred, in the history partition.
    expect(await partitionOf(before[1]!.id)).toBe('outbox_history');
    const next = await insert();
    const [row] = (await main.query('SELECT sequence FROM outbox WHERE id = $1', [next])) as [
      { sequence: string },
    ];
    expect(BigInt(row.sequence)).toBeGreaterThan(BigInt(before.at(-1)!.sequence));
  });

  it('creates the partitions ahead, once, and an insert lands in the one its time starts', async () => {
    await migrate();
    const today = Math.floor((await dbNow()) / DAY) * DAY;
    // The migration made today and the next two days; four days ahead needs two more.
    const layout = { widthMs: DAY, aheadMs: 4 * DAY };
    const first = await maintainOutboxPartitions(main.query, 24, layout);
    expect(first).toEqual({
      created: [dayName(today + 3 * DAY), dayName(today + 4 * DAY)],
      dropped: [],
    });
    expect(await ensureOutboxPartitions(main.query, layout)).toEqual([]);

    const midnight = today + 4 * DAY;
    expect(await partitionOf(await insert({ recordedAt: midnight }))).toBe(dayName(midnight));
    expect(await partitionOf(await insert({ recordedAt: midnight - 1 }))).toBe(
      dayName(midnight - DAY),
    );
    expect(await partitionOf(await insert())).toBe(dayName(today));
    await expect(insert({ recordedAt: today + 5 * DAY })).rejects.toThrow(/no partition/);
  });

  it('drops a partition once all its rows were published before the retention, never one holding an unpublished row', async () => {
    const today = await migratedWithPastDays();
    const [oldest, older, latest] = pastDays(today);
    await insert({ recordedAt: today - 4 * DAY + HOUR, publishedAt: today - 4 * DAY + HOUR });
    const unpublished = await insert({ recordedAt: today - 3 * DAY + HOUR });
    await insert({ recordedAt: today - 3 * DAY + HOUR, publishedAt: today - 3 * DAY + HOUR });
    // Published late (after a broker outage, say): kept for the retention from its publication.
    const late = await insert({ recordedAt: today - 2 * DAY + HOUR, publishedAt: await dbNow() });

    expect(await dropExpiredOutboxPartitions(main.query, 1)).toEqual([oldest]);
    expect(await partitions()).toEqual(expect.arrayContaining([older, latest]));
    expect(await partitions()).not.toContain(oldest);
    expect(await partitionOf(unpublished)).toBe(older);
    expect(await partitionOf(late)).toBe(latest);

    await main.query(`UPDATE outbox SET published_at = now() - interval '2 hours' WHERE id = $1`, [
      unpublished,
    ]);
    expect(await dropExpiredOutboxPartitions(main.query, 1)).toEqual([older]);
    expect(await dropExpiredOutboxPartitions(main.query, 1)).toEqual([]);
  });

  onPostgres(
    'two maintainers at once: neither fails, each partition is created and dropped once',
    async () => {
      const today = await migratedWithPastDays();
      await insert({ recordedAt: today - 4 * DAY, publishedAt: today - 4 * DAY });
      const layout = { widthMs: DAY, aheadMs: 4 * DAY };
      const [a, b] = [await session(), await session()];
      const results = await Promise.all([
        maintainOutboxPartitions(a.query, 1, layout),
        maintainOutboxPartitions(b.query, 1, layout),
      ]);
      const all = (key: 'created' | 'dropped') => results.flatMap((result) => result[key]).sort();
      expect(all('created')).toEqual([dayName(today + 3 * DAY), dayName(today + 4 * DAY)]);
      // The other two past days are empty: nothing in them is unpublished or recently published.
      expect(all('dropped')).toEqual(pastDays(today));
    },
  );

  onPostgres(
    'a row committed into a partition while it is detached keeps the partition',
    async () => {
      const today = await migratedWithPastDays();
      const writer = await session();
      await writer.query('BEGIN', []);
      await writer.query(
        `INSERT INTO outbox (id, aggregate_id, aggregate_version, type, payload, occurred_at, recorded_at)
       VALUES ($1, $2, 1, 'checkout.X', '{}', now(), $3)`,
        [randomUUID(), randomUUID(), new Date(today - 4 * DAY + HOUR).toISOString()],
      );
      const maintainer = await session();
      // The uncommitted row is invisible: the partition looks empty and is detached, which waits
      // for the writer's transaction.
      const dropping = dropExpiredOutboxPartitions(maintainer.query, 1);
      await until(async () => {
        const rows = await main.query(
          `SELECT 1 FROM pg_inherits WHERE inhparent = 'outbox'::regclass AND inhdetachpending`,
          [],
        );
        return rows.length > 0;
      });
      await writer.query('COMMIT', []);
      const dropped = await dropping;
      expect(dropped).toEqual(pastDays(today).slice(1));
      expect(await partitions()).toContain(dayName(today - 4 * DAY));
      const [pending] = (await main.query(
        'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
        [],
      )) as [{ n: number }];
      expect(pending.n).toBe(1);
    },
  );

  onPostgres('finishes a detach that was interrupted, then drops the partition', async () => {
    const today = await migratedWithPastDays();
    const reader = await session();
    await reader.query('BEGIN', []);
    await reader.query('SELECT count(*) FROM outbox', []);
    const interrupted = await session();
    await interrupted.query(`SET lock_timeout = '100ms'`, []);
    const name = dayName(today - 4 * DAY);
    await expect(
      interrupted.query(`ALTER TABLE outbox DETACH PARTITION ${name} CONCURRENTLY`, []),
    ).rejects.toThrow(/lock timeout/);
    await reader.query('COMMIT', []);
    expect(await dropExpiredOutboxPartitions(main.query, 1)).toEqual(pastDays(today));
  });
});

async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
