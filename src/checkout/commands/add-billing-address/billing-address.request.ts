import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsInt,
  IsOptional,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
// The codes table alone: the package's main entry also parses 80 locales' names (~0.7 MB of
// JSON, ~50 ms of every start-up) that a code check never reads.
import { isValid as isCountryCode } from 'i18n-iso-countries/index';
import { Text } from '../../../shared/http/fields';

@ValidatorConstraint({ name: 'isCountryCode' })
class IsAssignedCountryCode implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && /^[A-Z]{2}$/.test(value) && isCountryCode(value);
  }
  defaultMessage(): string {
    return 'countryCode must be an assigned ISO 3166-1 alpha-2 code in upper case, such as US';
  }
}

export class CustomFieldRequest {
  @Text({ maxLength: 100, required: true, example: 'field_25' })
  fieldId!: string;

  @Text({ maxLength: 1000, required: true, allowEmpty: true, example: 'Leave at the door' })
  fieldValue!: string;
}

/** BigCommerce's billing address body, plus the optional `version` for optimistic concurrency. */
export class BillingAddressRequest {
  @Text({ maxLength: 255, example: '123 Main Street' })
  address1?: string;

  @Text({ maxLength: 255, example: 'Suite 400' })
  address2?: string;

  @Text({ maxLength: 255, example: 'Austin' })
  city?: string;

  @Text({ maxLength: 255, example: 'Acme Coffee' })
  company?: string;

  @Text({ maxLength: 255, example: 'United States' })
  country?: string;

  @ApiProperty({ example: 'US', description: 'ISO 3166-1 alpha-2.', minLength: 2, maxLength: 2 })
  @Matches(/^.{2}$/, { message: 'countryCode must be two letters' })
  @Validate(IsAssignedCountryCode)
  countryCode!: string;

  @ApiPropertyOptional({ type: [CustomFieldRequest], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CustomFieldRequest)
  customFields?: CustomFieldRequest[];

  @ApiPropertyOptional({
    format: 'email',
    maxLength: 320,
    example: 'jane.doe@example.com',
    description:
      "Required when a guest adds the address; a customer's token email is used when omitted.",
  })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email?: string;

  @Text({ maxLength: 255, example: 'Jane' })
  firstName?: string;

  @Text({ maxLength: 255, example: 'Doe' })
  lastName?: string;

  @Text({ maxLength: 255, example: 'Texas' })
  stateOrProvince?: string;

  @Text({ maxLength: 10, example: 'TX' })
  stateOrProvinceCode?: string;

  @Text({ maxLength: 50, example: '+1 512 555 0100' })
  phone?: string;

  @Text({ maxLength: 30, example: '78701' })
  postalCode?: string;

  @ApiPropertyOptional({
    minimum: 1,
    example: 2,
    description: 'The version you last saw; 409 if the checkout has moved on.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version?: number;
}
