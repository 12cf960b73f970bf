/**
 * When abandoned-cart reminders fall due. Reminder n (1-based) of a checkout is due at its last
 * change + delay n. A reminder is not a change, so it does not restart the count; a change after
 * reminder n makes reminder n+1 due at that change + delay n+1. After downtime, of several overdue
 * reminders only the highest is sent: the skipped ones never are.
 */
export interface ReminderSchedule {
  /** Reminders already sent (0 before the first). */
  readonly sent: number;
  /** The checkout's last change. */
  readonly lastChangeAt: Date;
}

/** The delays after the last change, increasing, in milliseconds: delay n is `delays[n - 1]`. */
export type ReminderDelays = readonly number[];

/** When the next reminder is due; null when every configured reminder was sent. */
export function nextDueAt({ sent, lastChangeAt }: ReminderSchedule, delays: ReminderDelays) {
  const delay = delays[sent];
  return delay === undefined ? null : new Date(lastChangeAt.getTime() + delay);
}

/** The reminder to send at `now`: the highest one due and not sent yet; null when none is due. */
export function reminderDue(
  { sent, lastChangeAt }: ReminderSchedule,
  delays: ReminderDelays,
  now: Date,
): number | null {
  let due: number | null = null;
  for (let reminder = sent + 1; reminder <= delays.length; reminder += 1) {
    if (lastChangeAt.getTime() + delays[reminder - 1]! <= now.getTime()) due = reminder;
  }
  return due;
}
