import { SessionQuery, withAdvisoryLock } from './advisory-lock';

export interface PartitionLayout {
  /** The range of `recorded_at` one partition holds, aligned on the Unix epoch (so on UTC days). */
  widthMs: number;
  /** Partitions exist from the current one until at least this far ahead. */
  aheadMs: number;
}

const DAY_MS = 24 * 3_600_000;

/**
 * A day per partition: a week's retention keeps about ten of them, few enough that the relay's
 * claim and mark, which cannot tell which partition holds a checkout's unpublished rows, probe
 * each one's (small) index cheaply. Two days ahead: every instance keeps them every few minutes,
 * so inserts find their partition unless maintenance has failed everywhere for two days.
 */
export const OUTBOX_PARTITIONS: PartitionLayout = { widthMs: DAY_MS, aheadMs: 2 * DAY_MS };

/** Arbitrary, fixed key: the instances' maintenance runs one at a time. */
const MAINTENANCE_LOCK_KEY = 7_345_120_982;

/** Partitions of `outbox`, with their bounds (NULL for MINVALUE) read back from the catalog. */
const PARTITIONS = `
  SELECT c.relname AS name, i.inhdetachpending AS detaching,
         (regexp_match(b.bound, $$FROM \\('([^']*)'\\)$$))[1]::timestamptz AS starts_at,
         (regexp_match(b.bound, $$TO \\('([^']*)'\\)$$))[1]::timestamptz AS ends_at
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
   CROSS JOIN LATERAL (SELECT pg_get_expr(c.relpartbound, c.oid) AS bound) b
   WHERE i.inhparent = 'outbox'::regclass
   ORDER BY i.inhdetachpending DESC, ends_at`;

interface Partition {
  name: string;
  detaching: boolean;
  starts_at: Date | null;
  ends_at: Date;
}

/**
 * Every row published longer ago than the retention, and none unpublished: both answered by the
 * partition's partial indexes, without reading its rows.
 */
const prunable = (table: string): string => `
  SELECT NOT EXISTS (SELECT 1 FROM ${table} WHERE published_at IS NULL)
     AND NOT EXISTS (SELECT 1 FROM ${table}
                      WHERE published_at > now() - make_interval(hours => $1::int)) AS prunable`;

export interface Maintenance {
  created: string[];
  dropped: string[];
}

/** Creates the missing partitions from now to `aheadMs` ahead: quick, as the tables are empty. */
export function ensureOutboxPartitions(
  query: SessionQuery,
  layout = OUTBOX_PARTITIONS,
): Promise<string[]> {
  return exclusively(query, () => createAhead(query, layout));
}

/**
 * Creates the partitions ahead, then drops those whose rows were all published longer ago than
 * `retentionHours`; the drops can wait on other transactions (see below).
 */
export function maintainOutboxPartitions(
  query: SessionQuery,
  retentionHours: number,
  layout = OUTBOX_PARTITIONS,
): Promise<Maintenance> {
  return exclusively(query, async () => ({
    created: await createAhead(query, layout),
    dropped: await dropExpiredOutboxPartitions(query, retentionHours),
  }));
}

/**
 * Several instances may maintain at once: a session advisory lock runs them one after another,
 * and the later ones find the work done.
 */
const exclusively = <T>(query: SessionQuery, work: () => Promise<T>): Promise<T> =>
  withAdvisoryLock(query, MAINTENANCE_LOCK_KEY, work);

async function createAhead(query: SessionQuery, layout: PartitionLayout): Promise<string[]> {
  const [{ now }] = (await query('SELECT now() AS now', [])) as [{ now: Date }];
  const until = new Date(now.getTime() + layout.aheadMs);
  return createOutboxPartitions(query, now, until, layout.widthMs);
}

/**
 * Creates the missing partitions of width `widthMs` covering `from` to `until`. Each is created
 * on its own and then attached, which locks the outbox only in SHARE UPDATE EXCLUSIVE mode:
 * inserts, claims and marks carry on (`CREATE TABLE … PARTITION OF` would stop them all).
 */
export async function createOutboxPartitions(
  query: SessionQuery,
  from: Date,
  until: Date,
  widthMs: number,
): Promise<string[]> {
  const existing = (await query(PARTITIONS, [])) as Partition[];
  const created: string[] = [];
  const first = Math.floor(from.getTime() / widthMs) * widthMs;
  for (let start = first; start < until.getTime(); start += widthMs) {
    const end = start + widthMs;
    const taken = existing.some(
      (p) => (p.starts_at === null || p.starts_at.getTime() < end) && p.ends_at.getTime() > start,
    );
    if (taken) continue;
    const name = partitionName(start);
    await query(`CREATE TABLE IF NOT EXISTS ${name} (LIKE outbox INCLUDING DEFAULTS)`, []);
    await query(
      `ALTER TABLE outbox ATTACH PARTITION ${name} FOR VALUES FROM ('${iso(start)}') TO ('${iso(end)}')`,
      [],
    );
    created.push(name);
  }
  return created;
}

/**
 * Drops the partitions that ended before the retention and hold only rows published before it.
 *
 * `DETACH … CONCURRENTLY` takes no lock that stops inserts, claims or marks (a plain DETACH or a
 * DROP locks the whole outbox ACCESS EXCLUSIVE), and it first waits for every transaction that
 * could still see the partition. So the check is repeated on the detached table: a transaction
 * that wrote an unpublished row there and committed meanwhile gets its partition attached back,
 * and no event is ever dropped. A detach that was interrupted (it runs in two transactions) is
 * finished first: PostgreSQL allows one pending detach at a time.
 */
export async function dropExpiredOutboxPartitions(
  query: SessionQuery,
  retentionHours: number,
): Promise<string[]> {
  const [{ cutoff }] = (await query('SELECT now() - make_interval(hours => $1::int) AS cutoff', [
    retentionHours,
  ])) as [{ cutoff: Date }];
  const isPrunable = async (table: string): Promise<boolean> => {
    const [row] = (await query(prunable(table), [retentionHours])) as [{ prunable: boolean }];
    return row.prunable;
  };
  const dropped: string[] = [];
  for (const partition of (await query(PARTITIONS, [])) as Partition[]) {
    const table = quoted(partition.name);
    if (partition.detaching) {
      await query(`ALTER TABLE outbox DETACH PARTITION ${table} FINALIZE`, []);
    } else if (partition.ends_at <= cutoff && (await isPrunable(table))) {
      await query(`ALTER TABLE outbox DETACH PARTITION ${table} CONCURRENTLY`, []);
    } else {
      continue;
    }
    if (await isPrunable(table)) {
      await query(`DROP TABLE ${table}`, []);
      dropped.push(partition.name);
    } else {
      await query(`ALTER TABLE outbox ATTACH PARTITION ${table} ${bounds(partition)}`, []);
    }
  }
  return dropped;
}

function partitionName(start: number): string {
  // outbox_p20260102_000000: the partition's first instant, UTC.
  return `outbox_p${iso(start).replace(/[-:]/g, '').replace('T', '_').slice(0, 15)}`;
}

function bounds(partition: Partition): string {
  const from = partition.starts_at === null ? 'MINVALUE' : `'${partition.starts_at.toISOString()}'`;
  return `FOR VALUES FROM (${from}) TO ('${partition.ends_at.toISOString()}')`;
}

const iso = (time: number): string => new Date(time).toISOString();

/** A name read from the catalog, as an identifier. */
const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;
