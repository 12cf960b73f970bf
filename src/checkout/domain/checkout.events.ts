import { DomainEvent } from '../../shared/domain/domain-event';
import { BillingAddress, Contact } from './checkout-parts';

export interface CheckoutCreatedData {
  checkoutId: string;
  shopperId: string;
  channelId: number;
  currency: string;
  cartAmount: number;
  lineItems: { productId: string; name: string; quantity: number; unitPrice: number }[];
}
export class CheckoutCreated extends DomainEvent<CheckoutCreatedData> {
  readonly type = 'checkout.CheckoutCreated';
}

export interface ContactUpdatedData {
  checkoutId: string;
  contact: Contact;
}
export class ContactUpdated extends DomainEvent<ContactUpdatedData> {
  readonly type = 'checkout.ContactUpdated';
}

export interface BillingAddressChangedData {
  checkoutId: string;
  billingAddress: BillingAddress;
}
export class BillingAddressAdded extends DomainEvent<BillingAddressChangedData> {
  readonly type = 'checkout.BillingAddressAdded';
}
export class BillingAddressUpdated extends DomainEvent<BillingAddressChangedData> {
  readonly type = 'checkout.BillingAddressUpdated';
}

export type AbandonedCartTrigger = 'UpdateContact' | 'AddBillingAddress' | 'UpdateBillingAddress';

export interface AbandonedCartCandidateData {
  checkoutId: string;
  shopperId: string;
  channelId: number;
  email: string;
  firstName: string | null;
  lastName: string | null;
  cartAmount: number;
  currency: string;
  trigger: AbandonedCartTrigger;
}
/** A shopper left an email on an open checkout: the abandoned-cart mailer's cue. */
export class AbandonedCartCandidate extends DomainEvent<AbandonedCartCandidateData> {
  readonly type = 'checkout.AbandonedCartCandidate';
}

export interface CheckoutCompletedData {
  checkoutId: string;
  orderId: number;
  grandTotal: number;
  currency: string;
}
export class CheckoutCompleted extends DomainEvent<CheckoutCompletedData> {
  readonly type = 'checkout.CheckoutCompleted';
}

export interface CheckoutAbandonedData {
  checkoutId: string;
  shopperId: string;
  channelId: number;
  /** Of the most recently announced email, and the contact or address that carried it. */
  email: string;
  firstName: string | null;
  lastName: string | null;
  cartAmount: number;
  currency: string;
  /** 1 for the first delay of ABANDONED_CART_REMINDERS, 2 for the second, … */
  reminder: number;
  /** The checkout's last change (RFC 3339). */
  lastActivityAt: string;
}
/** A checkout with an announced email saw neither an order nor a change for a reminder's delay. */
export class CheckoutAbandoned extends DomainEvent<CheckoutAbandonedData> {
  readonly type = 'checkout.CheckoutAbandoned';
}

export interface CheckoutRecoveredData {
  checkoutId: string;
  shopperId: string;
  channelId: number;
  orderId: number;
  cartAmount: number;
  currency: string;
  /** The last reminder sent before the order. */
  reminder: number;
}
/** An order was placed after at least one CheckoutAbandoned reminder. */
export class CheckoutRecovered extends DomainEvent<CheckoutRecoveredData> {
  readonly type = 'checkout.CheckoutRecovered';
}

/** No personal data: the checkout that held it is gone. */
export interface CheckoutExpiredData {
  checkoutId: string;
  shopperId: string;
  channelId: number;
  /** The checkout's last change (RFC 3339): it was kept CHECKOUT_RETENTION after it. */
  lastActivityAt: string;
}
/** The checkout was not changed for CHECKOUT_RETENTION and was deleted with all it held. */
export class CheckoutExpired extends DomainEvent<CheckoutExpiredData> {
  readonly type = 'checkout.CheckoutExpired';
}

export const CHECKOUT_EVENT_TYPES = [
  'checkout.CheckoutCreated',
  'checkout.ContactUpdated',
  'checkout.BillingAddressAdded',
  'checkout.BillingAddressUpdated',
  'checkout.AbandonedCartCandidate',
  'checkout.CheckoutCompleted',
  'checkout.CheckoutAbandoned',
  'checkout.CheckoutRecovered',
  'checkout.CheckoutExpired',
] as const;
