import { LRUCache } from 'lru-cache';
import { CheckoutRow } from './checkout.mapper';

/**
 * The checkouts this instance saved last, each exactly as the load query would return it at that
 * committed version, so the next command on one of them can skip that query. A remembered row can
 * be stale (another instance may have written since), so it only ever feeds a versioned write,
 * which refuses a stale one; the editor then decides again on the stored state (CheckoutEditor).
 * Bounded, least recently used out first; a size of 0 remembers nothing.
 *
 * Rows are shared by every recall and never changed: the domain replaces its state, it does not
 * mutate it (CheckoutState is readonly throughout). They are not frozen: frozen rows made every
 * command slower in alternating bench runs (see README, Performance).
 */
export class RecentCheckouts {
  private readonly rows: LRUCache<string, CheckoutRow> | undefined;

  constructor(size: number) {
    this.rows = size > 0 ? new LRUCache({ max: size }) : undefined;
  }

  /** Keeps `row`, a committed state, unless a later version is already kept. */
  remember(row: CheckoutRow): void {
    if (!this.rows) return;
    const kept = this.rows.peek(row.id);
    if (kept && kept.version >= row.version) return;
    this.rows.set(row.id, row);
  }

  recall(checkoutId: string): CheckoutRow | undefined {
    return this.rows?.get(checkoutId);
  }

  forget(checkoutId: string): void {
    this.rows?.delete(checkoutId);
  }

  get size(): number {
    return this.rows?.size ?? 0;
  }
}
