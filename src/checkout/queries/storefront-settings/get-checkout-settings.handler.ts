import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CheckoutRepository } from '../../domain/checkout.repository';
import { CheckoutSettingsResponse, toCheckoutSettingsResponse } from './checkout-settings.response';
import { formFields } from './form-fields';
import { GetCheckoutSettingsQuery } from './get-checkout-settings.query';

@QueryHandler(GetCheckoutSettingsQuery)
export class GetCheckoutSettingsHandler implements IQueryHandler<
  GetCheckoutSettingsQuery,
  CheckoutSettingsResponse
> {
  constructor(private readonly checkouts: CheckoutRepository) {}

  async execute({
    checkoutId,
    viewer,
  }: GetCheckoutSettingsQuery): Promise<CheckoutSettingsResponse> {
    const checkout = await this.checkouts.load(checkoutId, viewer);
    return toCheckoutSettingsResponse(checkout.snapshot, formFields());
  }
}
