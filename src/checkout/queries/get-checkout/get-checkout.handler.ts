import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CheckoutState } from '../../domain/checkout';
import { CheckoutRepository } from '../../domain/checkout.repository';
import { GetCheckoutQuery } from './get-checkout.query';

@QueryHandler(GetCheckoutQuery)
export class GetCheckoutHandler implements IQueryHandler<GetCheckoutQuery, CheckoutState> {
  constructor(private readonly checkouts: CheckoutRepository) {}

  async execute(query: GetCheckoutQuery): Promise<CheckoutState> {
    return (await this.checkouts.load(query.checkoutId, query.viewer)).snapshot;
  }
}
