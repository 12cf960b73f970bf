import { Checkout, CheckoutState } from '../domain/checkout';
import { Announcement, BillingAddress, Contact, LineItem } from '../domain/checkout-parts';
import { Currency } from '../domain/money';

/** A checkout's row: its contact, billing address and line items are jsonb columns in it. */
export interface CheckoutRow {
  id: string;
  version: number;
  channel_id: number;
  shopper_id: string;
  currency: string;
  status: 'open' | 'completed';
  order_id: number | null;
  announcements: { email: string; at: string }[];
  created_at: Date;
  updated_at: Date;
  contact: Record<string, unknown> | null;
  billing_address: Record<string, unknown> | null;
  line_items: LineItem[];
}

/**
 * Domain field name -> key in the contact's and billing address's jsonb (the column names of the
 * tables they once had, which the migration moved as they were).
 */
const CONTACT_COLUMNS = {
  firstName: 'first_name',
  lastName: 'last_name',
  email: 'email',
  phone: 'phone',
  addressLine1: 'address_line1',
  addressLine2: 'address_line2',
  city: 'city',
  state: 'state',
  postCode: 'post_code',
  country: 'country',
} as const;

const BILLING_COLUMNS = {
  id: 'id',
  firstName: 'first_name',
  lastName: 'last_name',
  email: 'email',
  company: 'company',
  address1: 'address1',
  address2: 'address2',
  city: 'city',
  stateOrProvince: 'state_or_province',
  stateOrProvinceCode: 'state_or_province_code',
  country: 'country',
  countryCode: 'country_code',
  postalCode: 'postal_code',
  phone: 'phone',
  customFields: 'custom_fields',
} as const;

function toColumns(value: object, columns: Record<string, string>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(columns)) {
    row[column] = (value as Record<string, unknown>)[field] ?? null;
  }
  return row;
}

/** Columns back to fields; SQL NULL becomes an absent field, as the domain models optional input. */
function fromColumns<T>(row: Record<string, unknown>, columns: Record<string, string>): T {
  const value: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(columns)) {
    const cell = row[column];
    // Strings come back exactly as stored: what a client sent is what it reads.
    if (cell !== null && cell !== undefined) value[field] = cell;
  }
  return value as T;
}

/** The checkouts columns that hold the state as it is (no JSON, no timestamps). */
function scalarColumns(state: CheckoutState) {
  return {
    id: state.id,
    version: state.version,
    channel_id: state.channelId,
    shopper_id: state.shopperId,
    currency: state.currency.code,
    status: state.status,
    order_id: state.orderId,
  };
}

export const CheckoutMapper = {
  toDomain(row: CheckoutRow): Checkout {
    return Checkout.restore({
      id: row.id,
      version: row.version,
      channelId: row.channel_id,
      shopperId: row.shopper_id,
      currency: Currency.of(row.currency),
      lineItems: row.line_items,
      contact: row.contact ? fromColumns<Contact>(row.contact, CONTACT_COLUMNS) : null,
      billingAddress: row.billing_address
        ? fromColumns<BillingAddress>(row.billing_address, BILLING_COLUMNS)
        : null,
      status: row.status,
      orderId: row.order_id,
      announcements: row.announcements.map((entry): Announcement => ({
        email: entry.email,
        at: new Date(entry.at),
      })),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    });
  },

  /** The checkouts row, as a JSON record for jsonb_populate_record. */
  toRow(checkout: Checkout): Record<string, unknown> {
    const state = checkout.snapshot;
    return {
      ...scalarColumns(state),
      announcements: state.announcements,
      created_at: state.createdAt.toISOString(),
      updated_at: state.updatedAt.toISOString(),
      contact: state.contact ? toColumns(state.contact, CONTACT_COLUMNS) : null,
      billing_address: state.billingAddress ? billingColumns(state.billingAddress) : null,
      line_items: state.lineItems.map(({ id, productId, name, quantity, unitPriceMinor }) => ({
        id,
        productId,
        name,
        quantity,
        unitPriceMinor,
      })),
    };
  },
};

/** custom_fields is always an array: an address sent without customFields has none. */
function billingColumns(address: BillingAddress): Record<string, unknown> {
  return toColumns(
    {
      ...address,
      // Plain objects, as jsonb gives them back (a request's may be class instances).
      customFields: (address.customFields ?? []).map(({ fieldId, fieldValue }) => ({
        fieldId,
        fieldValue,
      })),
    },
    BILLING_COLUMNS,
  );
}
