import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Checkout } from '../../domain/checkout';
import { CheckoutEditor } from '../checkout-editor';
import { AddBillingAddressCommand } from './add-billing-address.command';

@CommandHandler(AddBillingAddressCommand)
export class AddBillingAddressHandler implements ICommandHandler<
  AddBillingAddressCommand,
  Checkout
> {
  constructor(private readonly editor: CheckoutEditor) {}

  execute({ target, address }: AddBillingAddressCommand): Promise<Checkout> {
    return this.editor.edit(target, (checkout, context) => {
      checkout.addBillingAddress(address, context);
    });
  }
}
