/** The value types a Checkout is made of. Plain, immutable data. */

export interface LineItem {
  readonly id: string;
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPriceMinor: number;
}

/** The prefill contact details of the payment-page API. */
export interface Contact {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone?: string;
  readonly addressLine1?: string;
  readonly addressLine2?: string;
  readonly city?: string;
  readonly state?: string;
  readonly postCode?: string;
  readonly country?: string;
}

export interface CustomField {
  readonly fieldId: string;
  readonly fieldValue: string;
}

/**
 * BigCommerce's billing address fields, as the shopper entered them. Only `email` may stand alone
 * (the guest e-mail step); any other field makes it an address, which needs `countryCode`.
 */
export interface BillingAddressFields {
  readonly firstName?: string;
  readonly lastName?: string;
  readonly email?: string;
  readonly company?: string;
  readonly address1?: string;
  readonly address2?: string;
  readonly city?: string;
  readonly stateOrProvince?: string;
  readonly stateOrProvinceCode?: string;
  readonly country?: string;
  readonly countryCode?: string;
  readonly postalCode?: string;
  readonly phone?: string;
  readonly customFields?: readonly CustomField[];
}

/** The fields besides email and countryCode: sending any of them is entering an address. */
const ADDRESS_DETAILS = [
  'firstName',
  'lastName',
  'company',
  'address1',
  'address2',
  'city',
  'stateOrProvince',
  'stateOrProvinceCode',
  'country',
  'postalCode',
  'phone',
  'customFields',
] as const satisfies readonly (keyof BillingAddressFields)[];

/** Whether `fields` hold more than an email: an empty string or list is not a detail. */
export function hasAddressDetails(fields: Partial<BillingAddressFields>): boolean {
  return ADDRESS_DETAILS.some((name) => (fields[name]?.length ?? 0) > 0);
}

export interface BillingAddress extends BillingAddressFields {
  /** Opaque identifier; clients send it back verbatim in PUT. */
  readonly id: string;
}

/** One abandoned-cart announcement, remembered for the length of the policy window. */
export interface Announcement {
  readonly email: string;
  readonly at: Date;
}

export type CheckoutStatus = 'open' | 'completed';
