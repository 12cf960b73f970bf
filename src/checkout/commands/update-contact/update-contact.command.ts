import { Command } from '@nestjs/cqrs';
import { Checkout } from '../../domain/checkout';
import { Contact } from '../../domain/checkout-parts';
import { EditTarget } from '../checkout-editor';

export class UpdateContactCommand extends Command<Checkout> {
  constructor(
    readonly target: EditTarget,
    readonly contact: Contact,
  ) {
    super();
  }
}
