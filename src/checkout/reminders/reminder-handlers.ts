import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  CloseRemindersCommand,
  RecordActivityCommand,
  ScheduleRemindersCommand,
} from './reminder-commands';
import { ReminderStore } from './reminder-store';

@CommandHandler(ScheduleRemindersCommand)
export class ScheduleRemindersHandler implements ICommandHandler<ScheduleRemindersCommand> {
  constructor(private readonly store: ReminderStore) {}

  execute(command: ScheduleRemindersCommand): Promise<void> {
    return this.store.schedule(
      command.checkoutId,
      command.version,
      command.changedAt,
      command.candidate,
    );
  }
}

@CommandHandler(RecordActivityCommand)
export class RecordActivityHandler implements ICommandHandler<RecordActivityCommand> {
  constructor(private readonly store: ReminderStore) {}

  execute(command: RecordActivityCommand): Promise<void> {
    return this.store.recordActivity(command.checkoutId, command.version, command.changedAt);
  }
}

@CommandHandler(CloseRemindersCommand)
export class CloseRemindersHandler implements ICommandHandler<CloseRemindersCommand> {
  constructor(private readonly store: ReminderStore) {}

  execute(command: CloseRemindersCommand): Promise<void> {
    return this.store.close(
      command.checkoutId,
      command.version,
      command.completedAt,
      command.order,
    );
  }
}
