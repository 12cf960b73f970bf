import { Command } from '@nestjs/cqrs';
import { CheckoutCompletedData } from '../domain/checkout.events';

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
