import { Query } from '@nestjs/cqrs';
import { Viewer } from '../../../shared/domain/viewer';
import { CheckoutSettingsResponse } from './checkout-settings.response';

export class GetCheckoutSettingsQuery extends Query<CheckoutSettingsResponse> {
  constructor(
    readonly checkoutId: string,
    readonly viewer: Viewer,
  ) {
    super();
  }
}
