import { Query } from '@nestjs/cqrs';
import { Checkout } from '../../domain/checkout';
import { Viewer } from '../../domain/viewer';

export class GetCheckoutQuery extends Query<Checkout> {
  constructor(
    readonly checkoutId: string,
    readonly viewer: Viewer,
  ) {
    super();
  }
}
