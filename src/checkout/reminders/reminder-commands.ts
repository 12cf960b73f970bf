import { Command } from '@nestjs/cqrs';
import { AbandonedCartCandidateData, CheckoutCompletedData } from '../domain/checkout.events';

/** An email was announced on a checkout: its reminders are due from this change on. */
export class ScheduleRemindersCommand extends Command<void> {
  constructor(
    readonly checkoutId: string,
    readonly version: number,
    readonly changedAt: Date,
    readonly candidate: AbandonedCartCandidateData,
  ) {
    super();
  }
}

/** A scheduled checkout changed: its next reminder is due from this change on. */
export class RecordActivityCommand extends Command<void> {
  constructor(
    readonly checkoutId: string,
    readonly version: number,
    readonly changedAt: Date,
  ) {
    super();
  }
}

/** An order was placed: no more reminders; CheckoutRecovered if one was sent. */
export class CloseRemindersCommand extends Command<void> {
  constructor(
    readonly checkoutId: string,
    readonly version: number,
    readonly completedAt: Date,
    readonly order: CheckoutCompletedData,
  ) {
    super();
  }
}
