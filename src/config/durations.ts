import ms from 'ms';

/** A duration with its unit, as the settings take it: `30s`, `15m`, `1h`, `2d`. */
const DURATION = /^\d+(s|m|h|d)$/;

/** Parses one duration with its unit (`90d`) into milliseconds; undefined unless it is one, above 0. */
export function parseDuration(value: string): number | undefined {
  const trimmed = value.trim();
  if (!DURATION.test(trimmed)) return undefined;
  const duration = ms(trimmed as ms.StringValue);
  return duration > 0 ? duration : undefined;
}

/**
 * Parses a comma-separated list of increasing durations (`1h,24h,48h`) into milliseconds;
 * undefined when any entry is not a whole number with a unit, or the list does not increase.
 */
export function parseIncreasingDurations(list: string): number[] | undefined {
  const durations = list.split(',').map(parseDuration);
  if (!durations.every((duration) => duration !== undefined)) return undefined;
  const increasing = durations.every((duration, i) => i === 0 || duration > durations[i - 1]!);
  return increasing ? durations : undefined;
}
