import { Command } from '@nestjs/cqrs';
import { CheckoutState, NewLineItem } from '../../domain/checkout';
import { Viewer } from '../../../shared/domain/viewer';

export class CreateCheckoutCommand extends Command<CheckoutState> {
  constructor(
    readonly merchant: Viewer,
    readonly shopperId: string,
    readonly currency: string,
    readonly lineItems: readonly NewLineItem[],
  ) {
    super();
  }
}
