import { DomainEvent } from './domain-event';

/** Holds the events an aggregate recorded since it was loaded, until the repository saves them. */
export abstract class AggregateRoot {
  #pending: DomainEvent[] = [];

  protected record(event: DomainEvent): void {
    this.#pending.push(event);
  }

  /** The events recorded since load, in order; the repository writes them to the outbox. */
  get pendingEvents(): readonly DomainEvent[] {
    return this.#pending;
  }

  /** Called by the repository once the events are durably stored with the aggregate. */
  clearPendingEvents(): DomainEvent[] {
    const events = this.#pending;
    this.#pending = [];
    return events;
  }
}
