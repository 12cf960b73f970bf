import { escapeLiteral } from 'pg';
import { OutboxEvent } from './cloud-event';

/** Runs one statement: a query runner inside a transaction, or the DataSource's pool. */
export type Query = (sql: string, params: unknown[]) => Promise<unknown>;

/**
 * Claims the next events to publish, never two relays the same checkout at once.
 *
 * `heads` are the earliest unpublished event of each checkout (no unpublished event of the same
 * checkout has a lower sequence). Locking a head with SKIP LOCKED claims its checkout: another
 * relay skips the locked head, and its later events are not heads while the head is unpublished.
 * The outer query then takes the claimed checkouts' unpublished events in sequence order, so one
 * batch can carry several events of a busy checkout while still publishing them in order.
 *
 * Per checkout, sequence order is commit order: a write is version-checked on the checkout row,
 * so the next write of the same checkout draws its sequence only after the previous one committed.
 */
const claimStatement = (limit: string): string => `
  WITH heads AS (
    SELECT o.aggregate_id
      FROM outbox o
     WHERE o.published_at IS NULL
       AND NOT EXISTS (
             SELECT 1 FROM outbox earlier
              WHERE earlier.aggregate_id = o.aggregate_id
                AND earlier.published_at IS NULL
                AND earlier.sequence < o.sequence)
     ORDER BY o.sequence
     LIMIT ${limit}
       FOR UPDATE OF o SKIP LOCKED)
  SELECT o.id, o.aggregate_id, o.aggregate_version, o.type, o.payload, o.occurred_at
    FROM outbox o
   WHERE o.aggregate_id IN (SELECT aggregate_id FROM heads)
     AND o.published_at IS NULL
   ORDER BY o.sequence
   LIMIT ${limit}
     FOR UPDATE OF o`;
export const CLAIM = claimStatement('$1');

/**
 * The claim with its limit written in, for the simple query protocol: it takes several statements
 * in one round trip (`BEGIN; <claim>`), but no parameters.
 */
export function claimWithLimit(limit: number): string {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`Bad claim limit: ${limit}`);
  return claimStatement(String(limit));
}

const markPublishedStatement = (ids: string): string => `
  UPDATE outbox SET published_at = clock_timestamp()
   WHERE id = ANY(${ids}::uuid[]) AND published_at IS NULL`;
export const MARK_PUBLISHED = markPublishedStatement('$1');

/**
 * The mark with its ids written in, for the simple query protocol (`<mark>; COMMIT` in one round
 * trip): one quoted array literal, which the server parses as uuids or refuses whole.
 */
export function markPublishedWithIds(ids: readonly string[]): string {
  return markPublishedStatement(escapeLiteral(`{${ids.join(',')}}`));
}

export const PENDING = `
  SELECT count(*)::int AS pending,
         coalesce(extract(epoch FROM now() - min(occurred_at)), 0)::float8 AS oldest_age_seconds
    FROM outbox WHERE published_at IS NULL`;

export interface OutboxRow {
  id: string;
  aggregate_id: string;
  aggregate_version: number;
  type: string;
  payload: unknown;
  occurred_at: Date | string;
}

export async function claim(query: Query, limit: number): Promise<OutboxEvent[]> {
  return toOutboxEvents((await query(CLAIM, [limit])) as OutboxRow[]);
}

/** Rows of a claim (either form) as events. */
export function toOutboxEvents(rows: readonly OutboxRow[]): OutboxEvent[] {
  return rows.map((row) => ({
    id: row.id,
    aggregateId: row.aggregate_id,
    aggregateVersion: Number(row.aggregate_version),
    type: row.type,
    payload: typeof row.payload === 'string' ? (JSON.parse(row.payload) as unknown) : row.payload,
    occurredAt: new Date(row.occurred_at),
  }));
}

export async function markPublished(query: Query, ids: string[]): Promise<void> {
  if (ids.length > 0) await query(MARK_PUBLISHED, [ids]);
}

export async function pending(
  query: Query,
): Promise<{ pending: number; oldestAgeSeconds: number }> {
  const [row] = (await query(PENDING, [])) as { pending: number; oldest_age_seconds: number }[];
  return { pending: row?.pending ?? 0, oldestAgeSeconds: Number(row?.oldest_age_seconds ?? 0) };
}
