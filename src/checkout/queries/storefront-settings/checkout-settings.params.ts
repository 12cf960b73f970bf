import { Allow } from 'class-validator';
import { CheckoutId } from '../../http/params';

/** The query of `GET /api/storefront/checkout-settings`, as the checkout SDK sends it. */
export class CheckoutSettingsParams {
  @CheckoutId()
  checkoutId!: string;

  /**
   * Ignored in any form, as on every storefront route (documented by ForShoppersAndMerchants), but
   * named here: the validation pipe refuses a query parameter that no rule names.
   */
  @Allow()
  include?: unknown;
}
