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
    /** Given only when the id had to be written before the data was known (see ReminderStore). */
    readonly id: string = crypto.randomUUID(),
  ) {}
}
