import { getMetadataStorage } from 'class-validator';
import { BillingAddressRequest } from '../../http/billing-address.request';
import { countries } from '../../countries/countries';
import { FormFieldResponse, FormFieldsResponse } from './form-fields.response';

/**
 * Properties of the billing address body that a shopper does not type into the address form:
 * request plumbing, the contact's email (asked for by the contact step), preferences, and fields
 * the SDK derives itself. `country` is the name that goes with `countryCode`'s dropdown, and the
 * SDK turns the `stateOrProvince` field into a `stateOrProvinceCode` dropdown for a country with
 * subdivisions: listed as fields of their own, they would show twice.
 */
export const NOT_FORM_FIELDS: ReadonlySet<string> = new Set([
  'version',
  'email',
  'customFields',
  'shouldSaveAddress',
  'acceptsMarketingNewsletter',
  'acceptsAbandonedCartEmails',
  'country',
  'stateOrProvinceCode',
]);

/**
 * BigCommerce's order of the address form (its stateOrProvinceCode is stateOrProvince, renamed by
 * the SDK); any other field follows, in the order the request class declares it.
 */
const FIELD_ORDER = [
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
];

/** BigCommerce's labels, the one hand-written part; a field without one is labelled from its name. */
const LABELS: Readonly<Record<string, string>> = {
  firstName: 'First Name',
  lastName: 'Last Name',
  company: 'Company Name',
  phone: 'Phone Number',
  address1: 'Address Line 1',
  address2: 'Address Line 2',
  city: 'Suburb/City',
  countryCode: 'Country',
  stateOrProvince: 'State/Province',
  postalCode: 'Zip/Postcode',
};

/**
 * Constraints that make a value mandatory. `requiredWithAddress` leaves it out of a body with no
 * address (the contact step sends only an email) but demands it once an address is entered, which
 * is when the form is shown.
 */
const PRESENCE = new Set(['isNotEmpty', 'isDefined', 'requiredWithAddress']);
const TEXT_LIMITS = new Set(['isText', 'maxLength']);

interface Rule {
  name: string;
  /** class-validator's kind: `conditionalValidation` for IsOptional and ValidateIf. */
  type: string;
  constraints: readonly unknown[];
}

/** Each validated property's rules, in the order the class declares the properties. */
function rulesOf(target: new () => object): Map<string, Rule[]> {
  const storage = getMetadataStorage();
  const rules = new Map<string, Rule[]>();
  for (const metadata of storage.getTargetValidationMetadatas(target, '', false, false)) {
    // Decorators built on ValidateBy carry their name; @Validate(Class) names its class instead.
    const constraintName = metadata.constraintCls
      ? storage.getTargetValidatorConstraints(metadata.constraintCls)[0]?.name
      : undefined;
    const list = rules.get(metadata.propertyName) ?? [];
    list.push({
      name: metadata.name ?? constraintName ?? metadata.type,
      type: metadata.type,
      constraints: (metadata.constraints as unknown[] | undefined) ?? [],
    });
    rules.set(metadata.propertyName, list);
  }
  return rules;
}

/**
 * Without IsOptional or ValidateIf, class-validator runs every rule on a missing value too, and
 * they refuse it: such a property is as required as one with a presence rule.
 */
function isRequired(rules: readonly Rule[]): boolean {
  return (
    rules.some((rule) => PRESENCE.has(rule.name)) ||
    !rules.some((rule) => rule.type === 'conditionalValidation')
  );
}

function maxLengthOf(rules: readonly Rule[]): number | undefined {
  const limits = rules
    .filter((rule) => TEXT_LIMITS.has(rule.name) && typeof rule.constraints[0] === 'number')
    .map((rule) => rule.constraints[0] as number);
  return limits.length > 0 ? Math.min(...limits) : undefined;
}

const orderOf = (name: string): number => {
  const index = FIELD_ORDER.indexOf(name);
  return index === -1 ? FIELD_ORDER.length : index;
};

const labelFrom = (name: string): string =>
  name.replace(/([a-z])([A-Z0-9])/g, '$1 $2').replace(/^./, (first) => first.toUpperCase());

/**
 * The address form of `target`, read from its validation rules so that the form and validation
 * cannot disagree: which fields exist, which are required, how long each may be. `countryCode`
 * is a dropdown of every country; every other field must be text (a bounded string), or be
 * listed in NOT_FORM_FIELDS; anything else is a decision this function refuses to guess.
 */
export function addressFormFields(target: new () => object): FormFieldResponse[] {
  const fields: FormFieldResponse[] = [];
  for (const [name, rules] of rulesOf(target)) {
    if (NOT_FORM_FIELDS.has(name)) continue;
    const common = {
      id: name,
      name,
      custom: false,
      label: LABELS[name] ?? labelFrom(name),
      required: isRequired(rules),
      default: '',
    };
    const maxLength = maxLengthOf(rules);
    if (name === 'countryCode') {
      const items = countries().map((country) => ({ value: country.code, label: country.name }));
      fields.push({
        ...common,
        fieldType: 'dropdown',
        type: 'array',
        itemtype: 'string',
        options: { items },
      });
    } else if (maxLength !== undefined) {
      fields.push({ ...common, fieldType: 'text', type: 'string', maxLength });
    } else {
      throw new Error(
        `${target.name}.${name} is neither a text field nor in NOT_FORM_FIELDS: decide which`,
      );
    }
  }
  // Array.prototype.sort is stable: fields outside FIELD_ORDER keep their declaration order.
  return fields.sort((a, b) => orderOf(a.name) - orderOf(b.name));
}

let cached: FormFieldsResponse | undefined;

/**
 * The form fields the SDK loads with a checkout. The same for every caller and request, so built
 * once, on first use (reading the metadata and listing every country is not free).
 */
export function formFields(): FormFieldsResponse {
  cached ??= deepFreeze({
    customerAccount: [],
    shippingAddress: [],
    billingAddress: addressFormFields(BillingAddressRequest),
    countries: countries() as FormFieldsResponse['countries'],
  });
  return cached;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
