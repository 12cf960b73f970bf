import { Query } from '@nestjs/cqrs';
import { CheckoutState } from '../../domain/checkout';
import { Viewer } from '../../../shared/domain/viewer';

export class GetCheckoutQuery extends Query<CheckoutState> {
  constructor(
    readonly checkoutId: string,
    readonly viewer: Viewer,
  ) {
    super();
  }
}
