import { FixedWindowThrottlerStorage } from './fixed-window.storage';

describe('FixedWindowThrottlerStorage', () => {
  it('counts per key within a window, blocks past the limit, and starts over with the next window', async () => {
    let now = 1_000_000;
    const storage = new FixedWindowThrottlerStorage(60_000, () => now);
    for (let hit = 1; hit <= 3; hit += 1) {
      await expect(storage.increment('a', 10_000, 3)).resolves.toMatchObject({
        totalHits: hit,
        isBlocked: false,
      });
    }
    await expect(storage.increment('a', 10_000, 3)).resolves.toEqual({
      totalHits: 4,
      timeToExpire: 10,
      isBlocked: true,
      timeToBlockExpire: 10,
    });
    await expect(storage.increment('b', 10_000, 3)).resolves.toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
    now += 9_500;
    await expect(storage.increment('a', 10_000, 3)).resolves.toMatchObject({
      isBlocked: true,
      timeToBlockExpire: 1,
    });
    now += 500;
    await expect(storage.increment('a', 10_000, 3)).resolves.toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
    now += 20_000;
    storage.sweep();
    expect(storage.size).toBe(0);
    storage.onApplicationShutdown();
  });
});
