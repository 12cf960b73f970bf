import { ApiProperty } from '@nestjs/swagger';
import { Allow, IsUUID } from 'class-validator';

/** The query of `GET /api/storefront/checkout-settings`, as the checkout SDK sends it. */
export class CheckoutSettingsParams {
  // The demo checkout (src/demo), so Swagger UI's "Try it out" works on a fresh machine as is.
  @ApiProperty({ format: 'uuid', example: '2489e9ad-2ee2-8e00-8ec9-32d5f69181c0' })
  @IsUUID('all')
  checkoutId!: string;

  /**
   * Ignored in any form, as on every storefront route (documented by @AcceptsInclude), but named
   * here: the validation pipe refuses a query parameter that no rule names.
   */
  @Allow()
  include?: unknown;
}
