import { parseDuration, parseIncreasingDurations } from './durations';

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

describe('parseDuration', () => {
  it.each([
    ['90d', 7_776_000_000],
    ['12h', 43_200_000],
    ['5s', 5_000],
    [' 30m ', 1_800_000],
  ])('reads %p', (value, expected) => {
    expect(parseDuration(value)).toBe(expected);
  });

  it.each(['', '90', '0d', '1w', '1.5d', '-1d', '1h,2h', 'd'])('refuses %p', (value) => {
    expect(parseDuration(value)).toBeUndefined();
  });
});
