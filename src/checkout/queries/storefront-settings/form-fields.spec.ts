import type {
  FormField as SdkFormField,
  FormFields as SdkFormFields,
} from '@bigcommerce/checkout-sdk';
import {
  IsDefined,
  IsOptional,
  MaxLength,
  Validate,
  ValidateBy,
  ValidateIf,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { Text } from '../../../shared/http/fields';
import { countries } from '../../countries/countries';
import { addressFormFields, formFields } from './form-fields';

@ValidatorConstraint({ name: 'requiredWithAddress' })
class RequiredWithAddress implements ValidatorConstraintInterface {
  validate(): boolean {
    return true;
  }
}

/** Every way a rule can reach the form, on a made-up address body. */
class SampleAddress {
  @IsOptional() @Text({ maxLength: 5 }) nickname?: string;
  @Text({ maxLength: 40, required: true }) city!: string;
  @Text({ maxLength: 20 }) firstName?: string;
  @Text({ maxLength: 10, required: true, allowEmpty: true }) company!: string;
  @IsOptional() @MaxLength(12) @MaxLength(8) postalCode?: string;
  @IsOptional() @Validate(RequiredWithAddress) countryCode?: string;
  @ValidateIf(() => false) @Text({ maxLength: 7 }) phone?: string;
  @Text({ maxLength: 3 }) middleInitial?: string;
  @IsOptional() @IsDefined() version?: number;
  @IsOptional() email?: string;
}

class ByValidateBy {
  @ValidateIf(() => true)
  @ValidateBy({ name: 'requiredWithAddress', validator: { validate: () => true } })
  countryCode?: string;
}

class NotText {
  @IsOptional() @IsDefined() subscribe?: boolean;
}

const summary = (fields: readonly { name: string; required: boolean; maxLength?: number }[]) =>
  fields.map(({ name, required, maxLength }) => [name, required, maxLength]);

describe('addressFormFields', () => {
  it("reads which fields exist, their order, requirement and length from the class's rules", () => {
    expect(summary(addressFormFields(SampleAddress))).toEqual([
      ['firstName', false, 20],
      ['company', true, 10],
      ['phone', false, 7],
      ['city', true, 40],
      ['countryCode', true, undefined],
      ['postalCode', false, 8],
      ['nickname', false, 5],
      ['middleInitial', false, 3],
    ]);
    expect(summary(addressFormFields(ByValidateBy))).toEqual([['countryCode', true, undefined]]);
  });

  it('makes text fields text and the country a dropdown of every country', () => {
    const fields = addressFormFields(SampleAddress);
    expect(fields.find((field) => field.name === 'middleInitial')).toEqual({
      id: 'middleInitial',
      name: 'middleInitial',
      custom: false,
      label: 'Middle Initial',
      required: false,
      default: '',
      fieldType: 'text',
      type: 'string',
      maxLength: 3,
    });
    const country = fields.find((field) => field.name === 'countryCode');
    expect(country).toMatchObject({ label: 'Country', fieldType: 'dropdown', type: 'array' });
    expect(country?.options?.items).toEqual(
      countries().map(({ code, name }) => ({ value: code, label: name })),
    );
  });

  it('refuses to guess what a property that is not text should look like', () => {
    expect(() => addressFormFields(NotText)).toThrow(/NotText\.subscribe .*NOT_FORM_FIELDS/);
  });
});

describe('formFields', () => {
  it('is the billing address form in BigCommerce order, without the non-form properties', () => {
    expect(formFields().billingAddress.map((field) => field.name)).toEqual([
      'firstName',
      'lastName',
      'company',
      'phone',
      'address1',
      'address2',
      'city',
      'countryCode',
      'stateOrProvince',
      'postalCode',
    ]);
    expect(formFields()).toMatchObject({ customerAccount: [], shippingAddress: [] });
  });

  // Until countryCode carries requiredWithAddress it is required because nothing makes it optional.
  it('requires the country, and only the country; bounds every text field', () => {
    const fields = formFields().billingAddress;
    expect(fields.filter((field) => field.required).map((field) => field.name)).toEqual([
      'countryCode',
    ]);
    for (const field of fields.filter((field) => field.fieldType === 'text')) {
      expect(field.maxLength).toBeGreaterThan(0);
    }
  });

  it('lists every country with its subdivisions, built once and never changed', () => {
    expect(formFields().countries).toBe(countries());
    expect(formFields()).toBe(formFields());
    expect(Object.isFrozen(formFields().billingAddress[0])).toBe(true);
  });

  it("has the checkout SDK's FormFields shape", () => {
    const shaped: SdkFormFields = formFields();
    const field: SdkFormField = formFields().billingAddress[0]!;
    expect(shaped.billingAddress).toContain(field);
  });
});
