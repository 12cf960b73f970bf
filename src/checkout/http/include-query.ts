import { ApiQuery } from '@nestjs/swagger';

/**
 * BigCommerce's `include` query parameter (`cart.lineItems.physicalItems.options,customer,…`),
 * which its checkout SDK adds to every storefront call. Accepted and ignored: every answer already
 * carries everything this service has.
 */
export function AcceptsInclude(): MethodDecorator {
  return ApiQuery({
    name: 'include',
    required: false,
    type: String,
    description:
      "BigCommerce's sub-resources to include, comma-separated. Accepted for compatibility; every answer already includes all this service has.",
    example: 'cart.lineItems.physicalItems.options,customer',
  });
}
