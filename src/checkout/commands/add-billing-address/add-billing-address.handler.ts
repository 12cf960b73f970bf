import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CheckoutState } from '../../domain/checkout';
import { CheckoutEditor } from '../checkout-editor';
import { AddBillingAddressCommand } from './add-billing-address.command';

@CommandHandler(AddBillingAddressCommand)
export class AddBillingAddressHandler implements ICommandHandler<
  AddBillingAddressCommand,
  CheckoutState
> {
  constructor(private readonly editor: CheckoutEditor) {}

  execute({ target, address }: AddBillingAddressCommand): Promise<CheckoutState> {
    return this.editor.edit(target, (checkout, context) => {
      checkout.addBillingAddress(address, context);
    });
  }
}
