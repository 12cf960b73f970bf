import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** Any RFC 9562 UUID, in either case (the storefront may send upper case). */
export class CheckoutIdParams {
  // The demo checkout (src/demo), so Swagger UI's "Try it out" works on a fresh machine as is.
  @ApiProperty({ format: 'uuid', example: '2489e9ad-2ee2-8e00-8ec9-32d5f69181c0' })
  @IsUUID('all')
  checkoutId!: string;
}
