import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CheckoutState } from '../../domain/checkout';
import { CheckoutRepository } from '../../domain/checkout.repository';
import { CheckoutEditor } from '../checkout-editor';
import { CompleteCheckoutCommand } from './complete-checkout.command';

@CommandHandler(CompleteCheckoutCommand)
export class CompleteCheckoutHandler implements ICommandHandler<
  CompleteCheckoutCommand,
  CheckoutState
> {
  constructor(
    private readonly editor: CheckoutEditor,
    private readonly checkouts: CheckoutRepository,
  ) {}

  execute({ target }: CompleteCheckoutCommand): Promise<CheckoutState> {
    return this.editor.edit(target, async (checkout, context) => {
      checkout.complete(await this.checkouts.nextOrderId(), context.now);
    });
  }
}
