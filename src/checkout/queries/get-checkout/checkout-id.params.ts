import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** Any RFC 9562 UUID, in either case (the storefront may send upper case). */
export class CheckoutIdParams {
  @ApiProperty({ format: 'uuid', example: '7c9e6679-7425-40de-944b-e07fc1f90ae7' })
  @IsUUID('all')
  checkoutId!: string;
}
