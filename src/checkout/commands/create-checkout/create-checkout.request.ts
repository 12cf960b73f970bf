import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Text } from '../../../shared/http/fields';

const CURRENCIES = Intl.supportedValuesOf('currency');

export class LineItemRequest {
  @Text({ maxLength: 255, required: true, example: 'sku-espresso-1kg' })
  productId!: string;

  @Text({ maxLength: 255, required: true, example: 'Espresso beans, 1 kg' })
  name!: string;

  @ApiProperty({ minimum: 1, maximum: 999, example: 2 })
  @IsInt()
  @Min(1)
  @Max(999)
  quantity!: number;

  @ApiProperty({
    minimum: 0,
    maximum: 1_000_000,
    example: 24.5,
    description: 'In the checkout currency, with at most its number of decimals.',
  })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000)
  unitPrice!: number;
}

export class CreateCheckoutRequest {
  @Text({
    maxLength: 255,
    required: true,
    example: 'shopper-1',
    description: 'The `sub` of the shopper who will own the checkout.',
  })
  shopperId!: string;

  @ApiProperty({ example: 'USD', description: 'ISO 4217 code.' })
  @IsIn(CURRENCIES, { message: 'currency must be an ISO 4217 currency code such as USD' })
  currency!: string;

  @ApiProperty({ type: [LineItemRequest], minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => LineItemRequest)
  lineItems!: LineItemRequest[];
}
