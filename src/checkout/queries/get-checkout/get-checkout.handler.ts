import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Checkout } from '../../domain/checkout';
import { CheckoutRepository } from '../../domain/checkout.repository';
import { GetCheckoutQuery } from './get-checkout.query';

@QueryHandler(GetCheckoutQuery)
export class GetCheckoutHandler implements IQueryHandler<GetCheckoutQuery, Checkout> {
  constructor(private readonly checkouts: CheckoutRepository) {}

  execute(query: GetCheckoutQuery): Promise<Checkout> {
    return this.checkouts.load(query.checkoutId, query.viewer);
  }
}
