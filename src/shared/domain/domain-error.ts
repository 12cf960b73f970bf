/**
 * An expected refusal of the domain, identified by a stable code that clients may rely on.
 * The HTTP layer maps codes to statuses in one table (shared/http/problem-types.ts).
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  /** Extra members for the problem details body (e.g. currentVersion). */
  readonly extensions: Readonly<Record<string, unknown>> = {};

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * An optimistic write found the row at another version than the one it loaded.
 * Not a domain refusal: the statement runner retries it, or turns it into a version conflict.
 */
export class ConcurrentModificationError extends Error {
  constructor(readonly aggregateId: string) {
    super(`Aggregate ${aggregateId} was changed concurrently`);
    this.name = 'ConcurrentModificationError';
  }
}
