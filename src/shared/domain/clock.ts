/**
 * The time, as the service reads it for changes and reminders. A provider, so tests move time
 * forward instead of sleeping.
 */
export class Clock {
  now(): Date {
    return new Date();
  }
}
