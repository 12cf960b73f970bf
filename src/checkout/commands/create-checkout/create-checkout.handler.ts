import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Checkout, CheckoutState } from '../../domain/checkout';
import { Clock } from '../../../shared/domain/clock';
import { CheckoutRepository } from '../../domain/checkout.repository';
import { CreateCheckoutCommand } from './create-checkout.command';

@CommandHandler(CreateCheckoutCommand)
export class CreateCheckoutHandler implements ICommandHandler<
  CreateCheckoutCommand,
  CheckoutState
> {
  constructor(
    private readonly checkouts: CheckoutRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: CreateCheckoutCommand): Promise<CheckoutState> {
    const checkout = Checkout.create(
      {
        id: randomUUID(),
        shopperId: command.shopperId,
        channelId: command.merchant.channelId!,
        currency: command.currency,
        lineItems: command.lineItems,
      },
      this.clock.now(),
    );
    await this.checkouts.save(checkout);
    return checkout.snapshot;
  }
}
