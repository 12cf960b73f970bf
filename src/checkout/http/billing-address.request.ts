import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsOptional,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { Email, Text } from '../../shared/http/fields';
import { ExpectedVersion } from './versioning';
import { isAssignedCountryCode } from '../countries/countries';
import { BillingAddressFields, hasAddressDetails } from '../domain/checkout-parts';

/** Absent, null and "" all mean "no country yet": the SDK echoes back the "" it was given. */
const noCountry = (value: unknown): boolean =>
  value === undefined || value === null || value === '';

/**
 * Optional for an email alone (the guest e-mail step), required once any address field is given.
 * Its name is what GET /api/storefront/form-fields reads to show the field as required.
 */
function RequiredWithAddress(): PropertyDecorator {
  return ValidateBy({
    name: 'requiredWithAddress',
    validator: {
      validate: (value, args) => !noCountry(value) || !hasAddressDetails(args!.object),
      defaultMessage: () => '$property is required once any address field is given',
    },
  });
}

function IsAssignedCountryCode(): PropertyDecorator {
  return ValidateBy({
    name: 'isCountryCode',
    validator: {
      validate: (value) =>
        noCountry(value) || (typeof value === 'string' && isAssignedCountryCode(value)),
      defaultMessage: () =>
        '$property must be an assigned ISO 3166-1 alpha-2 code in upper case, such as US',
    },
  });
}

export class CustomFieldRequest {
  @Text({ maxLength: 100, required: true, example: 'field_25' })
  fieldId!: string;

  @Text({
    maxLength: 1000,
    multiline: true,
    required: true,
    allowEmpty: true,
    example: 'Leave at the door',
  })
  fieldValue!: string;
}

/**
 * BigCommerce's billing address body, plus the optional `version` for optimistic concurrency, and
 * the flags BigCommerce's checkout SDK sends, which this service accepts and does not act on.
 */
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

  @ApiPropertyOptional({
    example: 'US',
    description:
      'ISO 3166-1 alpha-2, upper case. Required once any address field is given; a body with an email alone (the guest e-mail step) may omit it or send "".',
    pattern: '^([A-Z]{2})?$',
    maxLength: 2,
  })
  @RequiredWithAddress()
  @IsAssignedCountryCode()
  countryCode?: string;

  @ApiPropertyOptional({ type: [CustomFieldRequest], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CustomFieldRequest)
  customFields?: CustomFieldRequest[];

  @Email({
    example: 'jane.doe@example.com',
    description:
      "Required when a guest adds the address; a customer's token email is used when omitted.",
  })
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

  @ExpectedVersion(2)
  version?: number;

  @ApiPropertyOptional({
    example: false,
    description:
      "Accepted and ignored: this service keeps no address book. BigCommerce's checkout SDK sends it on every call.",
  })
  @IsOptional()
  @IsBoolean()
  shouldSaveAddress?: boolean;

  @ApiPropertyOptional({
    example: false,
    description:
      "Accepted and not stored (BigCommerce's checkout SDK may send it with the guest e-mail step); consent is the storefront's to record.",
  })
  @IsOptional()
  @IsBoolean()
  acceptsMarketingNewsletter?: boolean;

  @ApiPropertyOptional({
    example: false,
    description: 'Accepted and not stored, like acceptsMarketingNewsletter.',
  })
  @IsOptional()
  @IsBoolean()
  acceptsAbandonedCartEmails?: boolean;

  /**
   * The address as the domain takes it: the request-only members dropped, and "" or [] taken as
   * absent (the SDK sends back every field it was given, empty ones included), so a repeat is
   * recognised as one whether a client omits a field or sends it empty.
   */
  toFields(): BillingAddressFields {
    const fields: Record<string, unknown> = {};
    for (const name of ADDRESS_FIELDS) {
      const value = this[name];
      if (value !== undefined && value !== null && value.length > 0) fields[name] = value;
    }
    return fields;
  }
}

const ADDRESS_FIELDS = [
  'address1',
  'address2',
  'city',
  'company',
  'country',
  'countryCode',
  'customFields',
  'email',
  'firstName',
  'lastName',
  'stateOrProvince',
  'stateOrProvinceCode',
  'phone',
  'postalCode',
] as const satisfies readonly (keyof BillingAddressFields & keyof BillingAddressRequest)[];
