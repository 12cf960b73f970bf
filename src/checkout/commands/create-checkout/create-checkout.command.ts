import { Command } from '@nestjs/cqrs';
import { Checkout, NewLineItem } from '../../domain/checkout';
import { Viewer } from '../../domain/viewer';

export class CreateCheckoutCommand extends Command<Checkout> {
  constructor(
    readonly merchant: Viewer,
    readonly shopperId: string,
    readonly currency: string,
    readonly lineItems: readonly NewLineItem[],
  ) {
    super();
  }
}
