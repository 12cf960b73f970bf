import { Command } from '@nestjs/cqrs';
import { Checkout } from '../../domain/checkout';
import { EditTarget } from '../checkout-editor';

export class CompleteCheckoutCommand extends Command<Checkout> {
  constructor(readonly target: EditTarget) {
    super();
  }
}
