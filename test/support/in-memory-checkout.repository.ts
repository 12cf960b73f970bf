import { Checkout, CheckoutState } from '../../src/checkout/domain/checkout';
import { CheckoutNotFoundError } from '../../src/checkout/domain/checkout.errors';
import { CheckoutRepository } from '../../src/checkout/domain/checkout.repository';
import { Viewer } from '../../src/shared/domain/viewer';
import { ConcurrentModificationError } from '../../src/shared/domain/domain-error';
import { DomainEvent } from '../../src/shared/domain/domain-event';
import { Transactions } from '../../src/shared/persistence/statement-runner';

/**
 * The CheckoutRepository port in memory, for handler tests. It behaves like the TypeORM one where
 * it matters: `load` hides checkouts the viewer may not see, `save` is version-checked and stores
 * the recorded events with the state, atomically. Tests assert on `stored()` and `events()`.
 */
export class InMemoryCheckoutRepository extends CheckoutRepository {
  private readonly rows = new Map<string, CheckoutState>();
  private readonly outbox: DomainEvent[] = [];
  private orderIds = 100_000;
  private beforeSave: (() => Promise<void>) | undefined;
  private saveFailure: Error | undefined;

  load(checkoutId: string, viewer: Viewer): Promise<Checkout> {
    const state = this.rows.get(checkoutId);
    const checkout = state && Checkout.restore(state);
    // Rejects rather than throws, as the real (async) repository does.
    if (!checkout?.isVisibleTo(viewer))
      return Promise.reject(new CheckoutNotFoundError(checkoutId));
    return Promise.resolve(checkout);
  }

  async save(checkout: Checkout): Promise<void> {
    const failure = this.saveFailure;
    this.saveFailure = undefined;
    if (failure) throw failure;
    const interleaved = this.beforeSave;
    this.beforeSave = undefined;
    await interleaved?.();
    const stored = this.rows.get(checkout.id)?.version ?? 0;
    if (stored !== checkout.storedVersion) throw new ConcurrentModificationError(checkout.id);
    this.rows.set(checkout.id, checkout.snapshot);
    this.outbox.push(...checkout.clearPendingEvents());
  }

  currentVersion(checkoutId: string): Promise<number | undefined> {
    return Promise.resolve(this.rows.get(checkoutId)?.version);
  }

  nextOrderId(): Promise<number> {
    return Promise.resolve(++this.orderIds);
  }

  /**
   * Runs `change` (typically another command on the same checkout) once, right before the next
   * save writes: the race where a concurrent request commits between this one's load and save.
   */
  interleaveBeforeNextSave(change: () => Promise<unknown>): void {
    this.beforeSave = async () => {
      await change();
    };
  }

  /** The next save throws `error` (a database failure) and writes nothing. */
  failNextSave(error: Error): void {
    this.saveFailure = error;
  }

  /** The stored state of a checkout, as the next load would see it. */
  stored(checkoutId: string): CheckoutState | undefined {
    return this.rows.get(checkoutId);
  }

  /** Saved events, in save order; of one checkout when `checkoutId` is given. */
  events(checkoutId?: string): DomainEvent[] {
    return this.outbox.filter((event) => !checkoutId || event.aggregateId === checkoutId);
  }
}

/**
 * `Transactions` without a database: a lost race is retried once, as the real statement runner does
 * in a locking transaction (where it cannot lose again).
 */
export class InMemoryTransactions extends Transactions {
  retries = 0;

  async retryOnConflict<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ConcurrentModificationError)) throw error;
      this.retries += 1;
      return work();
    }
  }
}
