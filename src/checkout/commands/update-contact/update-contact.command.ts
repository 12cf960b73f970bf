import { Command } from '@nestjs/cqrs';
import { CheckoutState } from '../../domain/checkout';
import { Contact } from '../../domain/checkout-parts';
import { EditTarget } from '../checkout-editor';

export class UpdateContactCommand extends Command<CheckoutState> {
  constructor(
    readonly target: EditTarget,
    readonly contact: Contact,
  ) {
    super();
  }
}
