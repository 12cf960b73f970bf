import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CloseRemindersCommand } from './reminder-commands';
import { ReminderStore } from './reminder-store';

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
