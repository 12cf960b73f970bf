import { Logger } from '@nestjs/common';
import { CheckoutRow } from './checkout.mapper';
import { RecentCheckouts } from './recent-checkouts';

const row = (id: string, version: number): CheckoutRow => ({
  id,
  version,
  channel_id: 7,
  shopper_id: 'shopper-1',
  currency: 'USD',
  status: 'open',
  order_id: null,
  announcements: [],
  created_at: new Date(0),
  updated_at: new Date(0),
  contact: null,
  billing_address: null,
  line_items: [{ id: 'li-1', productId: 'p', name: 'n', quantity: 1, unitPriceMinor: 100 }],
});

describe('RecentCheckouts', () => {
  it('keeps the later version when an earlier one arrives after it', () => {
    const recent = new RecentCheckouts(10);
    recent.remember(row('a', 3));
    recent.remember(row('a', 2));
    expect(recent.recall('a')?.version).toBe(3);
    recent.remember(row('a', 4));
    expect(recent.recall('a')?.version).toBe(4);
  });

  it('holds at most its size, least recently used out first', () => {
    const recent = new RecentCheckouts(2);
    recent.remember(row('a', 1));
    recent.remember(row('b', 1));
    recent.recall('a');
    recent.remember(row('c', 1));
    expect([recent.recall('a'), recent.recall('b'), recent.recall('c')].map((r) => r?.id)).toEqual([
      'a',
      undefined,
      'c',
    ]);
    expect(recent.size).toBe(2);
  });

  it('remembers nothing with a size of 0, and forgets on request', () => {
    const none = new RecentCheckouts(0);
    none.remember(row('a', 1));
    expect(none.recall('a')).toBeUndefined();
    expect(none.enabled).toBe(false);

    const recent = new RecentCheckouts(5);
    recent.remember(row('a', 1));
    recent.forget('a');
    expect(recent.recall('a')).toBeUndefined();
  });

  it('warns at start-up when a full memory would take over a quarter of the heap', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const heap = 192 * 2 ** 20;
      RecentCheckouts.sized(10_000, heap);
      expect(warn).not.toHaveBeenCalled();
      RecentCheckouts.sized(20_000, heap);
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(/CHECKOUT_CACHE_SIZE=20000 .*~63 MB.*192 MB heap/),
      );
    } finally {
      warn.mockRestore();
    }
  });
});
