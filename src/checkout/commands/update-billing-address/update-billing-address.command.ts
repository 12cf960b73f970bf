import { Command } from '@nestjs/cqrs';
import { CheckoutState } from '../../domain/checkout';
import { BillingAddressFields } from '../../domain/checkout-parts';
import { EditTarget } from '../checkout-editor';

export class UpdateBillingAddressCommand extends Command<CheckoutState> {
  constructor(
    readonly target: EditTarget,
    readonly addressId: string,
    readonly address: BillingAddressFields,
  ) {
    super();
  }
}
