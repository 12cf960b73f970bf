import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CheckoutState } from '../../domain/checkout';
import { CheckoutEditor } from '../checkout-editor';
import { UpdateContactCommand } from './update-contact.command';

@CommandHandler(UpdateContactCommand)
export class UpdateContactHandler implements ICommandHandler<UpdateContactCommand, CheckoutState> {
  constructor(private readonly editor: CheckoutEditor) {}

  execute({ target, contact }: UpdateContactCommand): Promise<CheckoutState> {
    return this.editor.edit(target, (checkout, context) =>
      checkout.updateContact(contact, context),
    );
  }
}
