import ms from 'ms';

/** A duration with its unit, as the settings take it: `30s`, `15m`, `1h`, `2d`. */
const DURATION = /^\d+(s|m|h|d)$/;

/**
 * Parses a comma-separated list of increasing durations (`1h,24h,48h`) into milliseconds;
 * undefined when any entry is not a whole number with a unit, or the list does not increase.
 */
export function parseIncreasingDurations(list: string): number[] | undefined {
  const entries = list.split(',').map((entry) => entry.trim());
  if (!entries.every((entry) => DURATION.test(entry))) return undefined;
  const durations = entries.map((entry) => ms(entry as ms.StringValue));
  const increasing = durations.every(
    (duration, i) => duration > 0 && (i === 0 || duration > durations[i - 1]!),
  );
  return increasing ? durations : undefined;
}
