import { ChangeContext, Checkout } from '../checkout/domain/checkout';
import { Viewer } from '../shared/domain/viewer';

/**
 * The demo data's fixed ids. The Swagger examples name them (request bodies, path parameters), so
 * "Try it out" works on a fresh machine as is, top to bottom: contact (version 1), add billing
 * address (version 2) and place the order (version 3) on the demo checkout; update the billing
 * address (version 2) of the second one.
 */
export const DEMO = {
  shopperId: 'shopper-1',
  channelId: 1,
  /** The session id of the source API's own example, so its example works here unchanged. */
  checkoutId: '2489e9ad-2ee2-8e00-8ec9-32d5f69181c0',
  /** Already has a billing address, so PUT …/billing-address/{addressId} has one to replace. */
  checkoutWithBillingAddressId: '3f1c6a52-9d4e-4b7a-8c21-5e0f7d9a6b13',
  billingAddressId: 'b7d2e8f4-1a3c-4e5b-9f60-7c8d9e0a1b2c',
  /** An order was placed: every edit is a 409. */
  completedCheckoutId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
} as const;

const LINE_ITEMS = [
  { productId: 'sku-espresso-1kg', name: 'Espresso beans, 1 kg', quantity: 2, unitPrice: 24.5 },
  { productId: 'sku-filter-papers', name: 'Filter papers (100)', quantity: 1, unitPrice: 4.99 },
];

const JANE = { firstName: 'Jane', lastName: 'Doe', email: 'jane.doe@example.com' };
const ADDRESS = {
  ...JANE,
  address1: '123 Main Street',
  city: 'Austin',
  stateOrProvince: 'Texas',
  stateOrProvinceCode: 'TX',
  country: 'United States',
  countryCode: 'US',
  postalCode: '78701',
};

/** The store backend of the demo channel: the actor of every seeded change. */
export const DEMO_MERCHANT: Viewer = {
  role: 'merchant',
  subject: 'store-backend',
  channelId: DEMO.channelId,
};

/** A new demo checkout: shopper-1's cart in channel 1, at version 1. */
export function createDemoCheckout(id: string, now: Date): Checkout {
  return Checkout.create(
    {
      id,
      shopperId: DEMO.shopperId,
      channelId: DEMO.channelId,
      currency: 'USD',
      lineItems: LINE_ITEMS,
    },
    now,
  );
}

/** One command on a loaded checkout, as its API handler would run it. */
export type DemoStep = (
  checkout: Checkout,
  context: ChangeContext,
  nextOrderId: () => Promise<number>,
) => unknown;

export interface DemoCheckout {
  readonly id: string;
  /** What happens to it after creation, one command (and one version) each. */
  readonly steps: readonly DemoStep[];
}

export const DEMO_CHECKOUTS: readonly DemoCheckout[] = [
  { id: DEMO.checkoutId, steps: [] },
  {
    id: DEMO.checkoutWithBillingAddressId,
    steps: [
      (checkout, context) => checkout.addBillingAddress(ADDRESS, context, DEMO.billingAddressId),
    ],
  },
  {
    id: DEMO.completedCheckoutId,
    steps: [
      (checkout, context) => checkout.updateContact(JANE, context),
      (checkout, context) => checkout.addBillingAddress(ADDRESS, context),
      async (checkout, context, nextOrderId) => checkout.complete(await nextOrderId(), context.now),
    ],
  },
];
