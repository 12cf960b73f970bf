import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Checkout } from '../../domain/checkout';
import { CheckoutEditor } from '../checkout-editor';
import { UpdateContactCommand } from './update-contact.command';

@CommandHandler(UpdateContactCommand)
export class UpdateContactHandler implements ICommandHandler<UpdateContactCommand, Checkout> {
  constructor(private readonly editor: CheckoutEditor) {}

  execute({ target, contact }: UpdateContactCommand): Promise<Checkout> {
    return this.editor.edit(target, (checkout, context) =>
      checkout.updateContact(contact, context),
    );
  }
}
