import { Injectable } from '@nestjs/common';
import { ICommand, IEvent, Saga } from '@nestjs/cqrs';
import { EMPTY, mergeMap, Observable, of } from 'rxjs';
import {
  AbandonedCartCandidate,
  BillingAddressAdded,
  BillingAddressUpdated,
  CheckoutCompleted,
  ContactUpdated,
} from '../domain/checkout.events';
import {
  CloseRemindersCommand,
  RecordActivityCommand,
  ScheduleRemindersCommand,
} from './reminder-commands';

/**
 * Turns a checkout's committed events into reminder-schedule commands: an announced email
 * schedules reminders, any later change moves the next one, an order closes the schedule. The
 * schedule itself lives in PostgreSQL (ReminderStore); ReminderSender sends what falls due.
 */
@Injectable()
export class AbandonedCartSaga {
  @Saga()
  reminders = (events: Observable<IEvent>): Observable<ICommand> =>
    events.pipe(
      mergeMap((event) => {
        if (event instanceof AbandonedCartCandidate) {
          return of(
            new ScheduleRemindersCommand(
              event.aggregateId,
              event.aggregateVersion,
              event.occurredAt,
              event.data,
            ),
          );
        }
        if (
          event instanceof ContactUpdated ||
          event instanceof BillingAddressAdded ||
          event instanceof BillingAddressUpdated
        ) {
          return of(
            new RecordActivityCommand(event.aggregateId, event.aggregateVersion, event.occurredAt),
          );
        }
        if (event instanceof CheckoutCompleted) {
          return of(
            new CloseRemindersCommand(
              event.aggregateId,
              event.aggregateVersion,
              event.occurredAt,
              event.data,
            ),
          );
        }
        return EMPTY;
      }),
    );
}
