import { Command } from '@nestjs/cqrs';
import { CheckoutState } from '../../domain/checkout';
import { EditTarget } from '../checkout-editor';

export class CompleteCheckoutCommand extends Command<CheckoutState> {
  constructor(readonly target: EditTarget) {
    super();
  }
}
