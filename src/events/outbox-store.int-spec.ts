import { randomUUID } from 'node:crypto';
import {
  claim,
  claimWithLimit,
  markPublished,
  markPublishedWithIds,
  pending,
} from './outbox-store';
import {
  closeEmbedded,
  onPostgres,
  PrivateSchema,
  Session,
} from '../../test/support/private-schema';

/**
 * The claim query against a real database: PostgreSQL when the run has one (DATABASE_URL, set by
 * the test global setup), else embedded PGlite. A private schema keeps relays of other test files,
 * which share the run's database, away from these rows. The outbox is partitioned by the time a
 * row was recorded, as the migrations leave it: rows recorded a day ago land in one partition,
 * rows recorded now in the other.
 */
const DDL = `
  CREATE TABLE outbox (
    id uuid NOT NULL, sequence bigserial, aggregate_id uuid NOT NULL,
    aggregate_version integer NOT NULL, type varchar(100) NOT NULL, payload jsonb NOT NULL,
    occurred_at timestamptz NOT NULL, published_at timestamptz,
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(), PRIMARY KEY (id, recorded_at))
    PARTITION BY RANGE (recorded_at);
  CREATE INDEX outbox_unpublished_idx ON outbox (sequence) WHERE published_at IS NULL;
  CREATE INDEX outbox_unpublished_aggregate_idx ON outbox (aggregate_id, sequence)
   WHERE published_at IS NULL;
  CREATE INDEX outbox_published_at_idx ON outbox (published_at) WHERE published_at IS NOT NULL;
  DO $$ BEGIN
    EXECUTE format('CREATE TABLE outbox_before PARTITION OF outbox FOR VALUES FROM (MINVALUE) TO (%L)',
                   now() - interval '1 hour');
    EXECUTE format('CREATE TABLE outbox_since PARTITION OF outbox FOR VALUES FROM (%L) TO (MAXVALUE)',
                   now() - interval '1 hour');
  END $$;`;

describe('outbox claim: order per checkout', () => {
  const schema = new PrivateSchema('outbox_spec');
  let main: Session;

  beforeAll(async () => {
    main = await schema.create(DDL);
  });

  afterAll(async () => {
    await schema.drop();
    await closeEmbedded();
  });

  beforeEach(() => main.query('TRUNCATE outbox', []));

  /** An event recorded now, or with `aDayAgo` in the older partition. */
  const insert = async (aggregateId: string, version: number, aDayAgo = false) => {
    const id = randomUUID();
    await main.query(
      `INSERT INTO outbox (id, aggregate_id, aggregate_version, type, payload, occurred_at,
                           recorded_at)
       VALUES ($1, $2, $3, 'checkout.X', $4::jsonb, now(),
               clock_timestamp() - CASE WHEN $5 THEN interval '1 day' ELSE interval '0' END)`,
      [id, aggregateId, version, JSON.stringify({ version }), aDayAgo],
    );
    return id;
  };

  it('claims unpublished events in sequence order, each checkout from its earliest', async () => {
    const a = randomUUID();
    const b = randomUUID();
    const a1 = await insert(a, 1);
    const b1 = await insert(b, 1);
    const a2 = await insert(a, 2);
    const b2 = await insert(b, 2);
    const events = await claim(main.query, 10);
    expect(events.map((e) => e.id)).toEqual([a1, b1, a2, b2]);
    expect(events[0]).toMatchObject({
      aggregateId: a,
      aggregateVersion: 1,
      payload: { version: 1 },
    });
    expect(events[0]!.occurredAt).toBeInstanceOf(Date);
  });

  it('a checkout whose events span two partitions is claimed from its earliest, in order', async () => {
    const a = randomUUID();
    const b = randomUUID();
    const a1 = await insert(a, 1, true);
    const b1 = await insert(b, 1);
    const a2 = await insert(a, 2);
    expect((await claim(main.query, 10)).map((e) => e.id)).toEqual([a1, b1, a2]);
    await markPublished(main.query, [a1]);
    expect((await claim(main.query, 10)).map((e) => e.id)).toEqual([b1, a2]);
    await markPublished(main.query, [b1, a2]);
    expect(await pending(main.query)).toEqual({ pending: 0, oldestAgeSeconds: 0 });
  });

  it('skips published events and resumes a checkout after its last published one', async () => {
    const a = randomUUID();
    const a1 = await insert(a, 1);
    const a2 = await insert(a, 2);
    const a3 = await insert(a, 3);
    await markPublished(main.query, [a1]);
    expect((await claim(main.query, 10)).map((e) => e.id)).toEqual([a2, a3]);
    await markPublished(main.query, [a2, a3]);
    expect(await claim(main.query, 10)).toEqual([]);
    expect(await pending(main.query)).toEqual({ pending: 0, oldestAgeSeconds: 0 });
  });

  it('the forms with the limit and the ids written in claim and mark as the others do', async () => {
    const a = randomUUID();
    const ids = [await insert(a, 1), await insert(a, 2), await insert(a, 3)];
    const rows = (await main.query(claimWithLimit(2), [])) as { id: string }[];
    expect(rows.map((row) => row.id)).toEqual(ids.slice(0, 2));
    await main.query(markPublishedWithIds(ids.slice(0, 2)), []);
    expect((await claim(main.query, 10)).map((e) => e.id)).toEqual([ids[2]]);
    await main.query(markPublishedWithIds([ids[2]!]), []);
    expect(await claim(main.query, 10)).toEqual([]);
  });

  it('ids written into the mark are data: anything but uuids is refused, nothing runs', async () => {
    const a1 = await insert(randomUUID(), 1);
    const hostile = `${a1}}'::uuid[]); DELETE FROM outbox; --`;
    await expect(main.query(markPublishedWithIds([a1, hostile]), [])).rejects.toThrow(/uuid/);
    expect((await claim(main.query, 10)).map((e) => e.id)).toEqual([a1]);
    await markPublished(main.query, [a1]);
  });

  it('refuses a claim limit that is not a positive integer', () => {
    for (const limit of [0, -1, 1.5, Number.NaN])
      expect(() => claimWithLimit(limit)).toThrow(RangeError);
  });

  it('a batch limit cuts a checkout after a prefix, never in its middle', async () => {
    const a = randomUUID();
    const ids = [await insert(a, 1), await insert(a, 2), await insert(a, 3)];
    expect((await claim(main.query, 2)).map((e) => e.id)).toEqual(ids.slice(0, 2));
  });

  onPostgres(
    'a second relay gets no event of a checkout the first one holds, even later ones',
    async () => {
      const a = randomUUID();
      const b = randomUUID();
      await insert(a, 1);
      await insert(a, 2);
      const b1 = await insert(b, 1);
      const first = await schema.session();
      const second = await schema.session();
      try {
        await first.query('BEGIN', []);
        // The first relay's batch of one: checkout a's first event, and so all of checkout a.
        const held = await claim(first.query, 1);
        expect(held.map((e) => e.aggregateId)).toEqual([a]);
        await second.query('BEGIN', []);
        const other = await claim(second.query, 10);
        expect(other.map((e) => e.id)).toEqual([b1]);
        await second.query('COMMIT', []);
        // Once the first relay marks a1 published and commits, a2 becomes claimable.
        await markPublished(first.query, [held[0]!.id]);
        await first.query('COMMIT', []);
        const next = await claim(second.query, 10);
        expect(next.map((e) => [e.aggregateId, e.aggregateVersion])).toEqual([
          [a, 2],
          [b, 1],
        ]);
      } finally {
        await first.close();
        await second.close();
      }
    },
  );
});
