import { randomUUIDv7 } from 'node:crypto';

/**
 * Something that happened to an aggregate. `type` is the public event type (the NATS subject and
 * the CloudEvents `type`); `data` is exactly the payload consumers receive.
 */
export abstract class DomainEvent<TData extends object = object> {
  abstract readonly type: string;

  constructor(
    readonly aggregateId: string,
    readonly aggregateVersion: number,
    readonly occurredAt: Date,
    readonly data: TData,
    /**
     * Time-ordered (UUIDv7): the outbox's primary key takes each new event at its end instead of
     * on a random page (docs/performance.md, "Scale"). Given only when the id had to be written
     * before the data was known (see ReminderStore).
     */
    readonly id: string = randomUUIDv7(),
  ) {}
}
