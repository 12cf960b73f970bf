import { LRUCache } from 'lru-cache';
import { CheckoutRow } from './checkout.mapper';

/**
 * The checkouts this instance loaded or saved last, each exactly as the load query returns it at
 * one committed version, so a command on one of them can skip that query. A remembered row can be
 * stale (another instance may have written since), so it only ever feeds a versioned write, which
 * refuses a stale one; the editor then decides again on the stored state (see CheckoutEditor).
 * Bounded, least recently used out first; a size of 0 remembers nothing.
 */
export class RecentCheckouts {
  private readonly rows: LRUCache<string, CheckoutRow> | undefined;

  constructor(size: number) {
    this.rows = size > 0 ? new LRUCache({ max: size }) : undefined;
  }

  /**
   * Keeps `row`, a committed state, unless a later version is already kept: answers of concurrent
   * requests may arrive out of order.
   */
  remember(row: CheckoutRow): void {
    if (!this.rows) return;
    const kept = this.rows.peek(row.id);
    if (kept && kept.version >= row.version) return;
    // Every load shares this row: nothing may change it (the domain's state is immutable anyway).
    for (const item of row.line_items) Object.freeze(item);
    Object.freeze(row.line_items);
    this.rows.set(row.id, Object.freeze(row));
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
