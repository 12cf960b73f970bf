import { DomainEvent } from '../../shared/domain/domain-event';

/**
 * Writes events to the outbox in one statement: $1 is a JSON array of `toOutboxRecord`s. For
 * writers outside the checkout's own one-statement save (reminders, retention), in the
 * transaction that makes the change the events record.
 */
export const INSERT_OUTBOX_RECORDS = `
  INSERT INTO outbox (id, aggregate_id, aggregate_version, type, payload, occurred_at)
  SELECT e.id, e.aggregate_id, e.aggregate_version, e.type, e.payload, e.occurred_at
    FROM jsonb_to_recordset($1::jsonb) AS e(id uuid, aggregate_id uuid, aggregate_version int,
                                           type text, payload jsonb, occurred_at timestamptz)`;

export const toOutboxRecord = (event: DomainEvent) => ({
  id: event.id,
  aggregate_id: event.aggregateId,
  aggregate_version: event.aggregateVersion,
  type: event.type,
  payload: event.data,
  occurred_at: event.occurredAt.toISOString(),
});

/** The parameter of INSERT_OUTBOX_RECORDS. */
export const outboxRecords = (events: readonly DomainEvent[]): string =>
  JSON.stringify(events.map(toOutboxRecord));
