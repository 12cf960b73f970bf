import { DEFAULT_ABANDONED_CART_POLICY } from '../../src/checkout/domain/abandoned-cart-policy';
import { ChangeContext, Checkout, NewLineItem } from '../../src/checkout/domain/checkout';
import { BillingAddressFields, Contact } from '../../src/checkout/domain/checkout-parts';
import { Viewer } from '../../src/shared/domain/viewer';

/** Object factories for unit and handler tests: valid by default, overridable where it matters. */

export const CHANNEL = 7;
export const SHOPPER = 'shopper-1';
export const T0 = new Date('2026-11-23T09:00:00.000Z');

export const guest: Viewer = { role: 'guest', subject: SHOPPER };
export const customer: Viewer = { role: 'customer', subject: SHOPPER, email: 'ann@example.com' };
export const merchant: Viewer = { role: 'merchant', subject: 'store-backend', channelId: CHANNEL };

export const minutesAfter = (start: Date, minutes: number): Date =>
  new Date(start.getTime() + minutes * 60_000);

export function context(actor: Viewer = guest, now: Date = minutesAfter(T0, 1)): ChangeContext {
  return { actor, now, policy: DEFAULT_ABANDONED_CART_POLICY };
}

export function aCheckout(
  overrides: {
    id?: string;
    shopperId?: string;
    channelId?: number;
    currency?: string;
    lineItems?: NewLineItem[];
  } = {},
  now: Date = T0,
): Checkout {
  return Checkout.create(
    {
      id: overrides.id ?? crypto.randomUUID(),
      shopperId: overrides.shopperId ?? SHOPPER,
      channelId: overrides.channelId ?? CHANNEL,
      currency: overrides.currency ?? 'USD',
      lineItems: overrides.lineItems ?? [
        { productId: 'sku-1', name: 'Espresso beans', quantity: 2, unitPrice: 24.5 },
      ],
    },
    now,
  );
}

/** A checkout as a repository would load it: stored, with no pending events. */
export function aStoredCheckout(...args: Parameters<typeof aCheckout>): Checkout {
  return Checkout.restore(aCheckout(...args).snapshot);
}

export function aContact(overrides: Partial<Contact> = {}): Contact {
  return { firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com', ...overrides };
}

export function anAddress(overrides: Partial<BillingAddressFields> = {}): BillingAddressFields {
  return {
    firstName: 'Ann',
    lastName: 'Lee',
    email: 'ann@example.com',
    address1: '1 Main St',
    city: 'Austin',
    countryCode: 'US',
    ...overrides,
  };
}
