import { Command } from '@nestjs/cqrs';
import { CheckoutState } from '../../domain/checkout';
import { BillingAddressFields } from '../../domain/checkout-parts';
import { EditTarget } from '../checkout-editor';

export class AddBillingAddressCommand extends Command<CheckoutState> {
  constructor(
    readonly target: EditTarget,
    readonly address: BillingAddressFields,
  ) {
    super();
  }
}
