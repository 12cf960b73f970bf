import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsUUID } from 'class-validator';
import { Text } from '../../shared/http/fields';

// The demo checkout (src/demo), so Swagger UI's "Try it out" works on a fresh machine as is.
const DEMO_CHECKOUT_ID = '2489e9ad-2ee2-8e00-8ec9-32d5f69181c0';

/**
 * A checkout id: any RFC 9562 UUID, in either case, as storefronts may send upper case. Checkouts
 * are stored and looked up in lower case, so every route lowers it here, once.
 */
export const CheckoutId = (
  schema: { example?: string; description?: string } = {},
): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ format: 'uuid', example: DEMO_CHECKOUT_ID, ...schema }),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.toLowerCase() : value,
    ),
    IsUUID('all'),
  );

export class CheckoutIdParams {
  @CheckoutId()
  checkoutId!: string;
}

// The examples name the demo checkout that already has a billing address (src/demo).
export class BillingAddressParams {
  @CheckoutId({ example: '3f1c6a52-9d4e-4b7a-8c21-5e0f7d9a6b13' })
  checkoutId!: string;

  @ApiProperty({
    example: 'b7d2e8f4-1a3c-4e5b-9f60-7c8d9e0a1b2c',
    description: "The billing address's opaque id, verbatim.",
  })
  @Text({ maxLength: 64, required: true })
  addressId!: string;
}
