import { Injectable } from '@nestjs/common';
import { ICommand, IEvent, ofType, Saga } from '@nestjs/cqrs';
import { map, Observable } from 'rxjs';
import { CheckoutCompleted } from '../domain/checkout.events';
import { CloseRemindersCommand } from './reminder-commands';

/**
 * Turns a checkout's committed events into reminder commands: an order closes the checkout's
 * reminder schedule (CheckoutRecovered when a reminder went out). The schedule itself is written
 * with the change that announced an email (SqlCheckoutRepository), in PostgreSQL; ReminderSender
 * sends what falls due, and closes a completed checkout's schedule itself should this command
 * have been lost with its process.
 */
@Injectable()
export class AbandonedCartSaga {
  @Saga()
  reminders = (events: Observable<IEvent>): Observable<ICommand> =>
    events.pipe(
      ofType(CheckoutCompleted),
      map(
        (event) =>
          new CloseRemindersCommand(
            event.aggregateId,
            event.aggregateVersion,
            event.occurredAt,
            event.data,
          ),
      ),
    );
}
