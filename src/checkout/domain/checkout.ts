import { AggregateRoot } from '../../shared/domain/aggregate-root';
import { AbandonedCartPolicy, admitAnnouncement } from './abandoned-cart-policy';
import {
  Announcement,
  BillingAddress,
  BillingAddressFields,
  CheckoutStatus,
  Contact,
  hasAddressDetails,
  LineItem,
} from './checkout-parts';
import {
  BillingAddressExistsError,
  BillingAddressNotFoundError,
  CheckoutCompletedError,
  CheckoutFieldError,
  CheckoutNotReadyError,
  VersionConflictError,
} from './checkout.errors';
import {
  AbandonedCartCandidate,
  AbandonedCartTrigger,
  BillingAddressAdded,
  BillingAddressUpdated,
  CheckoutCompleted,
  CheckoutCreated,
  ContactUpdated,
} from './checkout.events';
import { Currency } from './money';
import { Viewer } from '../../shared/domain/viewer';

export interface CheckoutState {
  readonly id: string;
  readonly version: number;
  readonly channelId: number;
  readonly shopperId: string;
  readonly currency: Currency;
  readonly lineItems: readonly LineItem[];
  readonly contact: Contact | null;
  readonly billingAddress: BillingAddress | null;
  readonly status: CheckoutStatus;
  readonly orderId: number | null;
  readonly announcements: readonly Announcement[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** The cart's total in minor units: what the shopper pays, as no tax, shipping or discount applies. */
export function cartAmountMinor(state: Pick<CheckoutState, 'lineItems'>): number {
  return state.lineItems.reduce((sum, item) => sum + item.quantity * item.unitPriceMinor, 0);
}

export interface NewLineItem {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

/** What every change needs besides its own input: who acts, when, and the announcement limits. */
export interface ChangeContext {
  readonly actor: Viewer;
  readonly now: Date;
  readonly policy: AbandonedCartPolicy;
}

/**
 * The checkout a shopper fills in before card capture. It owns its invariants: edits stop once an
 * order is placed, it has at most one billing address, guests must leave an email, and every
 * change bumps the version by exactly one and records its events.
 */
export class Checkout extends AggregateRoot {
  private constructor(
    private state: CheckoutState,
    /** The version in storage when loaded; 0 for a checkout not yet stored. */
    readonly storedVersion: number,
  ) {
    super();
  }

  static create(
    input: {
      id: string;
      shopperId: string;
      channelId: number;
      currency: string;
      lineItems: readonly NewLineItem[];
    },
    now: Date,
  ): Checkout {
    const currency = Currency.of(input.currency);
    const lineItems = input.lineItems.map((item, index): LineItem => {
      const unitPriceMinor = currency.toMinor(item.unitPrice);
      if (unitPriceMinor === undefined) {
        throw new CheckoutFieldError(
          `lineItems[${index}].unitPrice`,
          `must be a non-negative amount with at most ${currency.decimalPlaces} decimals in ${currency.code}`,
        );
      }
      return {
        id: crypto.randomUUID(),
        productId: item.productId,
        name: item.name,
        quantity: item.quantity,
        unitPriceMinor,
      };
    });
    const checkout = new Checkout(
      {
        id: input.id,
        version: 1,
        channelId: input.channelId,
        shopperId: input.shopperId,
        currency,
        lineItems,
        contact: null,
        billingAddress: null,
        status: 'open',
        orderId: null,
        announcements: [],
        createdAt: now,
        updatedAt: now,
      },
      0,
    );
    checkout.record(
      new CheckoutCreated(checkout.id, 1, now, {
        checkoutId: checkout.id,
        shopperId: checkout.state.shopperId,
        channelId: checkout.state.channelId,
        currency: currency.code,
        cartAmount: checkout.amount(checkout.cartAmountMinor),
        lineItems: lineItems.map((item) => ({
          productId: item.productId,
          name: item.name,
          quantity: item.quantity,
          unitPrice: currency.fromMinor(item.unitPriceMinor),
        })),
      }),
    );
    return checkout;
  }

  /** Rebuilds a stored checkout; records nothing. */
  static restore(state: CheckoutState): Checkout {
    return new Checkout(state, state.version);
  }

  get id(): string {
    return this.state.id;
  }
  get version(): number {
    return this.state.version;
  }
  /** A read-only view for mappers and queries. */
  get snapshot(): CheckoutState {
    return this.state;
  }
  get cartAmountMinor(): number {
    return cartAmountMinor(this.state);
  }
  amount(minor: number): number {
    return this.state.currency.fromMinor(minor);
  }

  /** Merchants see their channel's checkouts; shoppers see only their own. */
  isVisibleTo(viewer: Viewer): boolean {
    return viewer.role === 'merchant'
      ? viewer.channelId === this.state.channelId
      : viewer.subject === this.state.shopperId;
  }

  /** A client that names a version must be looking at the current one. */
  assertVersion(expected: number | undefined): void {
    if (expected !== undefined && expected !== this.state.version) {
      throw new VersionConflictError(expected, this.state.version);
    }
  }

  /**
   * Every successful command is a new version, even one that repeats what is stored; but a
   * repeat announces nothing: only new information may reach the abandoned-cart mailer.
   */
  updateContact(contact: Contact, context: ChangeContext): void {
    this.assertOpen();
    const unchanged = sameFields(this.state.contact, contact);
    this.change({ contact }, context.now);
    this.record(
      new ContactUpdated(this.id, this.version, context.now, { checkoutId: this.id, contact }),
    );
    if (!unchanged) this.announce(contact.email, contact, 'UpdateContact', context);
  }

  /** `addressId` is chosen by the aggregate unless given (demo data names it in documented examples). */
  addBillingAddress(
    fields: BillingAddressFields,
    context: ChangeContext,
    addressId: string = crypto.randomUUID(),
  ): BillingAddress {
    this.assertOpen();
    if (this.state.billingAddress)
      throw new BillingAddressExistsError(this.state.billingAddress.id);
    const email = this.billingEmail(fields, context.actor);
    if (email === undefined && context.actor.role === 'guest') {
      throw new CheckoutFieldError('email', 'is required when a guest adds a billing address');
    }
    assertCountryWithAddress(fields, email);
    const billingAddress: BillingAddress = { ...fields, email, id: addressId };
    this.change({ billingAddress }, context.now);
    this.record(
      new BillingAddressAdded(this.id, this.version, context.now, {
        checkoutId: this.id,
        billingAddress,
      }),
    );
    if (email !== undefined) this.announce(email, fields, 'AddBillingAddress', context);
    return billingAddress;
  }

  /** Replaces the billing address; an omitted email keeps the one on file. */
  updateBillingAddress(
    addressId: string,
    fields: BillingAddressFields,
    context: ChangeContext,
  ): BillingAddress {
    this.assertOpen();
    const current = this.state.billingAddress;
    if (!current || current.id !== addressId) throw new BillingAddressNotFoundError();
    const email = this.billingEmail(fields, context.actor);
    assertCountryWithAddress(fields, email ?? current.email);
    const billingAddress: BillingAddress = {
      ...fields,
      email: email ?? current.email,
      id: current.id,
    };
    const unchanged = sameFields(current, billingAddress);
    this.change({ billingAddress }, context.now);
    this.record(
      new BillingAddressUpdated(this.id, this.version, context.now, {
        checkoutId: this.id,
        billingAddress,
      }),
    );
    if (email !== undefined && !unchanged) {
      this.announce(email, fields, 'UpdateBillingAddress', context);
    }
    return billingAddress;
  }

  /** Places the order: from now on the checkout refuses every edit. */
  complete(orderId: number, now: Date): void {
    this.assertOpen();
    if (!this.state.billingAddress?.countryCode) {
      throw new CheckoutNotReadyError('it has no billing address with a countryCode');
    }
    this.change({ status: 'completed', orderId }, now);
    this.record(
      new CheckoutCompleted(this.id, this.version, now, {
        checkoutId: this.id,
        orderId,
        grandTotal: this.amount(this.cartAmountMinor),
        currency: this.state.currency.code,
      }),
    );
  }

  private assertOpen(): void {
    if (this.state.status === 'completed') throw new CheckoutCompletedError(this.id);
  }

  /** Every change goes through here, so the version moves by exactly one per command. */
  private change(patch: Partial<CheckoutState>, now: Date): void {
    this.state = { ...this.state, ...patch, version: this.state.version + 1, updatedAt: now };
  }

  /** A customer who omits email gets the one their token carries. */
  private billingEmail(fields: BillingAddressFields, actor: Viewer): string | undefined {
    return fields.email ?? (actor.role === 'customer' ? actor.email : undefined);
  }

  private announce(
    email: string,
    names: { firstName?: string; lastName?: string },
    trigger: AbandonedCartTrigger,
    context: ChangeContext,
  ): void {
    const announcements = admitAnnouncement(
      this.state.announcements,
      email,
      context.now,
      context.policy,
    );
    if (!announcements) return;
    this.state = { ...this.state, announcements };
    this.record(
      new AbandonedCartCandidate(this.id, this.version, context.now, {
        checkoutId: this.id,
        shopperId: this.state.shopperId,
        channelId: this.state.channelId,
        email,
        firstName: names.firstName ?? null,
        lastName: names.lastName ?? null,
        cartAmount: this.amount(this.cartAmountMinor),
        currency: this.state.currency.code,
        trigger,
      }),
    );
  }
}

/** An email may stand alone; an address needs its country, and so does nothing at all. */
function assertCountryWithAddress(fields: BillingAddressFields, email: string | undefined): void {
  if (fields.countryCode) return;
  if (hasAddressDetails(fields)) {
    throw new CheckoutFieldError('countryCode', 'is required once any address field is given');
  }
  if (email === undefined) {
    throw new CheckoutFieldError(
      'countryCode',
      'is required: an address needs a country or an email',
    );
  }
}

/**
 * Same fields with the same values, where absent, undefined, "" and an empty list all mean "not
 * given": storage keeps an omitted custom field list as [], and clients send back "" for what they
 * were shown empty, so without this a repeat would look like news to the abandoned-cart mailer.
 */
function sameFields(stored: object | null, next: object): boolean {
  const given = (field: unknown): boolean =>
    field !== undefined &&
    field !== null &&
    field !== '' &&
    !(Array.isArray(field) && field.length === 0);
  const canonical = (value: object): string =>
    JSON.stringify(
      Object.entries(value)
        .filter(([, field]) => given(field))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  return stored !== null && canonical(stored) === canonical(next);
}
