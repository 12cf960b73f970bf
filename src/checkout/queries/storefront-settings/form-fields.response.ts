import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The BigCommerce checkout SDK's form shapes (`FormField`, `Country`), for Swagger and the mapping. */

export class FormFieldItemResponse {
  @ApiProperty({ example: 'US' }) value!: string;
  @ApiProperty({ example: 'United States of America' }) label!: string;
}

export class FormFieldOptionsResponse {
  @ApiProperty({ type: [FormFieldItemResponse] }) items!: FormFieldItemResponse[];
}

export class FormFieldResponse {
  @ApiProperty({ example: 'firstName' }) id!: string;
  @ApiProperty({ example: 'firstName', description: 'The billing address property it fills.' })
  name!: string;
  @ApiProperty({ example: false, description: 'Always false: this service has no custom fields.' })
  custom!: boolean;
  @ApiProperty({ example: 'First Name' }) label!: string;
  @ApiProperty({
    example: false,
    description: 'Exactly when validation refuses an address without it.',
  })
  required!: boolean;
  @ApiProperty({ example: '' }) default!: string;
  @ApiProperty({ enum: ['text', 'dropdown'], example: 'text' }) fieldType!: 'text' | 'dropdown';
  @ApiProperty({ enum: ['string', 'array'], example: 'string' }) type!: 'string' | 'array';
  @ApiPropertyOptional({ example: 'string', description: 'Dropdowns: the type of their values.' })
  itemtype?: string;
  @ApiPropertyOptional({ example: 255, description: 'Text fields: the longest value accepted.' })
  maxLength?: number;
  @ApiPropertyOptional({
    type: FormFieldOptionsResponse,
    description: 'countryCode: every country.',
  })
  options?: FormFieldOptionsResponse;
}

export class SubdivisionResponse {
  @ApiProperty({ example: 'TX', description: 'As `stateOrProvinceCode`.' }) code!: string;
  @ApiProperty({ example: 'Texas' }) name!: string;
}

export class CountryResponse {
  @ApiProperty({ example: 'US', description: 'ISO 3166-1 alpha-2.' }) code!: string;
  @ApiProperty({ example: 'United States of America' }) name!: string;
  @ApiProperty({ example: false, description: 'Whether this service requires a postal code.' })
  hasPostalCodes!: boolean;
  @ApiProperty({ example: false, description: 'Whether this service requires a state.' })
  requiresState!: boolean;
  @ApiProperty({ type: [SubdivisionResponse], description: 'ISO 3166-2, top level only.' })
  subdivisions!: SubdivisionResponse[];
}

/** The SDK's own `FormFields`, as checkout-settings carries them. */
export class SdkFormFieldsResponse {
  @ApiProperty({ type: [FormFieldResponse], example: [] }) customerAccount!: FormFieldResponse[];
  @ApiProperty({ type: [FormFieldResponse], example: [] }) shippingAddress!: FormFieldResponse[];
  @ApiProperty({
    type: [FormFieldResponse],
    description: 'Generated from the billing address validation rules.',
  })
  billingAddress!: FormFieldResponse[];
}

/** GET /api/storefront/form-fields: the SDK's `FormFields`, plus the countries. */
export class FormFieldsResponse extends SdkFormFieldsResponse {
  @ApiProperty({
    type: [CountryResponse],
    description: 'Every country with its subdivisions, for the state dropdown.',
  })
  countries!: CountryResponse[];
}
