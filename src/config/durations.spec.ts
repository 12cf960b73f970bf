import { parseIncreasingDurations } from './durations';

describe('parseIncreasingDurations', () => {
  it('reads increasing durations with a unit', () => {
    expect(parseIncreasingDurations('30s,15m, 1h,2d')).toEqual([
      30_000, 900_000, 3_600_000, 172_800_000,
    ]);
  });

  it.each(['', '1', '1h,1h', '2h,1h', '1w', '1.5h', '-1h', '0s', '1h,,2h', 'h'])(
    'refuses %p',
    (list) => {
      expect(parseIncreasingDurations(list)).toBeUndefined();
    },
  );
});
