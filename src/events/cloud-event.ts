/** The `source` of every event this service publishes (a URI-reference, as CloudEvents asks). */
export const EVENT_SOURCE = '/checkout-service';

/** One stored event, as the relay reads it from the outbox. */
export interface OutboxEvent {
  id: string;
  aggregateId: string;
  aggregateVersion: number;
  type: string;
  payload: unknown;
  occurredAt: Date;
}

/** A CloudEvents 1.0 structured-mode JSON envelope, with the contract's `checkoutversion` extension. */
export interface CheckoutCloudEvent<TData = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  checkoutversion: number;
  data: TData;
}

/**
 * Builds the CloudEvents envelope of docs/events.md. A hand-written encoder rather than the
 * `cloudevents` SDK: the envelope is nine fixed fields, and this keeps their names and order
 * exactly as the docs and the AsyncAPI document state them, with no extra dependency.
 */
export function toCloudEvent(event: OutboxEvent): CheckoutCloudEvent {
  return {
    specversion: '1.0',
    id: event.id,
    source: EVENT_SOURCE,
    type: event.type,
    subject: event.aggregateId,
    time: event.occurredAt.toISOString(),
    datacontenttype: 'application/json',
    checkoutversion: event.aggregateVersion,
    data: event.payload,
  };
}

/** The message body: UTF-8 JSON of the envelope. */
export function encodeCloudEvent(event: OutboxEvent): Uint8Array {
  return Buffer.from(JSON.stringify(toCloudEvent(event)), 'utf8');
}

/** The broker subject of an event: its type (`checkout.ContactUpdated`), inside `checkout.>`. */
export function subjectOf(event: Pick<OutboxEvent, 'type'>): string {
  if (!/^checkout\.[A-Za-z]+$/.test(event.type)) {
    throw new Error(`Event type ${event.type} is not a subject under checkout.>`);
  }
  return event.type;
}
