import { DomainEvent } from '../../shared/domain/domain-event';

/**
 * Writes events to the outbox in one statement, in the transaction (or the statement) that makes
 * the change they record: `parameter` is a JSON array of `toOutboxRecord`s. With `onlyIf`, the
 * name of a CTE, they are written only if that CTE returned a row (the checkout's version-checked
 * write).
 */
export const insertOutboxRecords = (parameter: string, onlyIf?: string): string => `
  INSERT INTO outbox (id, aggregate_id, aggregate_version, type, payload, occurred_at)
  SELECT e.id, e.aggregate_id, e.aggregate_version, e.type, e.payload, e.occurred_at
    FROM ${onlyIf ? `${onlyIf}, ` : ''}jsonb_to_recordset(${parameter}::jsonb)
         AS e(id uuid, aggregate_id uuid, aggregate_version int, type text, payload jsonb,
              occurred_at timestamptz)`;

/** Events on their own, $1 being their `outboxRecords`: reminders, retention. */
export const INSERT_OUTBOX_RECORDS = insertOutboxRecords('$1');

export const toOutboxRecord = (event: DomainEvent) => ({
  id: event.id,
  aggregate_id: event.aggregateId,
  aggregate_version: event.aggregateVersion,
  type: event.type,
  payload: event.data,
  occurred_at: event.occurredAt.toISOString(),
});

/** The parameter of `insertOutboxRecords`. */
export const outboxRecords = (events: readonly DomainEvent[]): string =>
  JSON.stringify(events.map(toOutboxRecord));
