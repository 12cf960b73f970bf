import { getHeapStatistics } from 'node:v8';
import { Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Counter, Registry } from 'prom-client';
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
  /** Heap per remembered checkout with a full contact, billing address and 3 line items (measured). */
  static readonly BYTES_EACH = 3_300;

  private readonly rows: LRUCache<string, CheckoutRow> | undefined;
  /** Unregistered, as the relay's metrics: whoever owns /metrics adds them (registerWith). */
  private readonly recalls = new Counter({
    name: 'checkout_cache_recalls_total',
    help: "Commands that found the checkout in the instance's memory (hit) or had to load it (miss)",
    labelNames: ['result'],
    registers: [],
  });
  private readonly hits = this.recalls.labels('hit');
  private readonly misses = this.recalls.labels('miss');
  private readonly staleTotal = new Counter({
    name: 'checkout_cache_stale_total',
    help: 'Remembered checkouts whose save was refused: another instance had changed them since',
    registers: [],
  });

  constructor(size: number) {
    this.rows = size > 0 ? new LRUCache({ max: size }) : undefined;
    // Both series from the start (at 0), so a rate over them is defined before the first command.
    this.hits.inc(0);
    this.misses.inc(0);
  }

  registerWith(registry: Registry): void {
    registry.registerMetric(this.recalls);
    registry.registerMetric(this.staleTotal);
  }

  /** A memory of `size` checkouts; warns when, full, it would take over a quarter of the heap. */
  static sized(
    size: number,
    heapLimitBytes = getHeapStatistics().heap_size_limit,
  ): RecentCheckouts {
    const fullMb = Math.round((size * RecentCheckouts.BYTES_EACH) / 2 ** 20);
    const heapMb = Math.round(heapLimitBytes / 2 ** 20);
    if (fullMb > heapMb / 4) {
      new Logger('RecentCheckouts').warn(
        `CHECKOUT_CACHE_SIZE=${size} holds up to ~${fullMb} MB, over a quarter of the ${heapMb} MB heap: lower it or raise --max-old-space-size`,
      );
    }
    return new RecentCheckouts(size);
  }

  /** Keeps `row`, a committed state, unless a later version is already kept. */
  remember(row: CheckoutRow): void {
    if (!this.rows) return;
    const kept = this.rows.peek(row.id);
    if (kept && kept.version >= row.version) return;
    this.rows.set(row.id, row);
  }

  /** False with a size of 0: nothing is worth preparing for `remember`. */
  get enabled(): boolean {
    return this.rows !== undefined;
  }

  recall(checkoutId: string): CheckoutRow | undefined {
    if (!this.rows) return undefined;
    const row = this.rows.get(checkoutId);
    (row ? this.hits : this.misses).inc();
    return row;
  }

  /** Drops a copy that may be stale; `refused`: a save proved it stale. */
  forget(checkoutId: string, refused = false): void {
    this.rows?.delete(checkoutId);
    if (refused) this.staleTotal.inc();
  }

  get size(): number {
    return this.rows?.size ?? 0;
  }
}
