import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CheckoutState } from '../../domain/checkout';
import { CheckoutEditor } from '../checkout-editor';
import { UpdateBillingAddressCommand } from './update-billing-address.command';

@CommandHandler(UpdateBillingAddressCommand)
export class UpdateBillingAddressHandler implements ICommandHandler<
  UpdateBillingAddressCommand,
  CheckoutState
> {
  constructor(private readonly editor: CheckoutEditor) {}

  execute({ target, addressId, address }: UpdateBillingAddressCommand): Promise<CheckoutState> {
    return this.editor.edit(target, (checkout, context) => {
      checkout.updateBillingAddress(addressId, address, context);
    });
  }
}
