import { nextDueAt, reminderDue } from './abandoned-cart-reminders';

const HOUR = 3_600_000;
const DELAYS = [HOUR, 24 * HOUR, 48 * HOUR];
const changed = new Date('2026-12-01T10:00:00Z');
const at = (hours: number) => new Date(changed.getTime() + hours * HOUR);

describe('abandoned-cart reminder timing', () => {
  it('reminder n is due at the last change + delay n', () => {
    expect(nextDueAt({ sent: 0, lastChangeAt: changed }, DELAYS)).toEqual(at(1));
    expect(nextDueAt({ sent: 1, lastChangeAt: changed }, DELAYS)).toEqual(at(24));
    expect(nextDueAt({ sent: 3, lastChangeAt: changed }, DELAYS)).toBeNull();
  });

  it.each([
    [0, 0.99, null],
    [0, 1, 1],
    [1, 23, null],
    [1, 24, 2],
    // After downtime only the highest overdue reminder.
    [0, 30, 2],
    [0, 100, 3],
    [2, 100, 3],
    [3, 1000, null],
  ])('sent %i, %f h after the change: reminder %p', (sent, hours, expected) => {
    expect(reminderDue({ sent, lastChangeAt: changed }, DELAYS, at(hours))).toBe(expected);
  });
});
