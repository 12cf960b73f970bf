import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Checkout, CheckoutState } from '../../domain/checkout';
import { CheckoutRepository } from '../../domain/checkout.repository';
import { CreateCheckoutCommand } from './create-checkout.command';

@CommandHandler(CreateCheckoutCommand)
export class CreateCheckoutHandler implements ICommandHandler<
  CreateCheckoutCommand,
  CheckoutState
> {
  constructor(private readonly checkouts: CheckoutRepository) {}

  async execute(command: CreateCheckoutCommand): Promise<CheckoutState> {
    const checkout = Checkout.create(
      {
        id: randomUUID(),
        shopperId: command.shopperId,
        channelId: command.merchant.channelId!,
        currency: command.currency,
        lineItems: command.lineItems,
      },
      new Date(),
    );
    await this.checkouts.save(checkout);
    return checkout.snapshot;
  }
}
