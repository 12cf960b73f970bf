import {
  aCheckout,
  aContact,
  anAddress,
  aStoredCheckout,
  CHANNEL,
  context,
  customer,
  guest,
  merchant,
  minutesAfter,
  SHOPPER,
  T0,
} from '../../../test/support/checkout.fixtures';
import fc from 'fast-check';
import { DomainEvent } from '../../shared/domain/domain-event';
import { BillingAddressFields } from './checkout-parts';
import { Checkout } from './checkout';
import {
  BillingAddressExistsError,
  BillingAddressNotFoundError,
  CheckoutCompletedError,
  CheckoutFieldError,
  CheckoutNotReadyError,
  VersionConflictError,
} from './checkout.errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NOW = minutesAfter(T0, 1);

const summary = (events: readonly DomainEvent[]) =>
  events.map((event) => [event.type, event.aggregateVersion]);

/** Runs `act`, expects it to throw `error`, and checks the checkout did not change at all. */
function expectRefusal(
  checkout: Checkout,
  act: () => unknown,
  error: new (...args: never[]) => Error,
) {
  const before = checkout.snapshot;
  const pending = checkout.pendingEvents.length;
  expect(act).toThrow(error);
  expect(checkout.snapshot).toBe(before);
  expect(checkout.pendingEvents).toHaveLength(pending);
}

describe('Checkout', () => {
  describe('create', () => {
    it('starts open at version 1 with the cart in minor units, and records CheckoutCreated', () => {
      const checkout = aCheckout({ id: 'c-1' });

      expect(checkout.version).toBe(1);
      expect(checkout.storedVersion).toBe(0);
      expect(checkout.snapshot).toMatchObject({
        id: 'c-1',
        channelId: CHANNEL,
        shopperId: SHOPPER,
        status: 'open',
        orderId: null,
        contact: null,
        billingAddress: null,
        announcements: [],
        createdAt: T0,
        updatedAt: T0,
      });
      expect(checkout.snapshot.currency.code).toBe('USD');
      expect(checkout.snapshot.lineItems).toEqual([
        {
          id: expect.stringMatching(UUID),
          productId: 'sku-1',
          name: 'Espresso beans',
          quantity: 2,
          unitPriceMinor: 2450,
        },
      ]);
      expect(checkout.cartAmountMinor).toBe(4900);
      expect(summary(checkout.pendingEvents)).toEqual([['checkout.CheckoutCreated', 1]]);
      expect(checkout.pendingEvents[0]).toMatchObject({
        aggregateId: 'c-1',
        occurredAt: T0,
        data: {
          checkoutId: 'c-1',
          shopperId: SHOPPER,
          channelId: CHANNEL,
          currency: 'USD',
          cartAmount: 49,
          lineItems: [{ productId: 'sku-1', name: 'Espresso beans', quantity: 2, unitPrice: 24.5 }],
        },
      });
    });

    it('sums money exactly: 0.1 + 0.2 is 0.3', () => {
      const checkout = aCheckout({
        lineItems: [
          { productId: 'a', name: 'A', quantity: 1, unitPrice: 0.1 },
          { productId: 'b', name: 'B', quantity: 1, unitPrice: 0.2 },
          { productId: 'c', name: 'C', quantity: 3, unitPrice: 1.1 },
        ],
      });
      expect(checkout.cartAmountMinor).toBe(360);
      expect(checkout.amount(checkout.cartAmountMinor)).toBe(3.6);
      expect(checkout.pendingEvents[0]!.data).toMatchObject({ cartAmount: 3.6 });
    });

    it('uses the currency own number of decimals: JPY has none', () => {
      const checkout = aCheckout({
        currency: 'jpy',
        lineItems: [{ productId: 'a', name: 'A', quantity: 3, unitPrice: 500 }],
      });
      expect(checkout.snapshot.currency).toMatchObject({ code: 'JPY', decimalPlaces: 0 });
      expect(checkout.snapshot.lineItems[0]!.unitPriceMinor).toBe(500);
      expect(checkout.amount(checkout.cartAmountMinor)).toBe(1500);
    });

    it.each([
      ['USD', 19.999],
      ['USD', -1],
      ['JPY', 500.5],
      ['USD', Number.NaN],
      ['USD', Number.POSITIVE_INFINITY],
    ])(
      'refuses %s %p: more decimals than the currency has, negative or not finite',
      (currency, unitPrice) => {
        const create = () =>
          aCheckout({
            currency,
            lineItems: [
              { productId: 'a', name: 'A', quantity: 1, unitPrice: 1 },
              { productId: 'b', name: 'B', quantity: 1, unitPrice },
            ],
          });
        expect(create).toThrow(CheckoutFieldError);
        try {
          create();
        } catch (error) {
          expect((error as CheckoutFieldError).code).toBe('CHECKOUT.INVALID_FIELD');
          expect(Object.keys((error as CheckoutFieldError).extensions.fields)).toEqual([
            'lineItems[1].unitPrice',
          ]);
        }
      },
    );

    it('refuses an unknown currency', () => {
      expect(() => aCheckout({ currency: 'XYZ' })).toThrow(RangeError);
    });
  });

  describe('restore', () => {
    it('rebuilds a stored checkout at its version with nothing recorded', () => {
      const created = aCheckout();
      const restored = Checkout.restore(created.snapshot);
      expect(restored.version).toBe(1);
      expect(restored.storedVersion).toBe(1);
      expect(restored.pendingEvents).toEqual([]);
    });
  });

  describe('isVisibleTo', () => {
    const checkout = aStoredCheckout();

    it('shows a checkout to its own shopper, guest or customer', () => {
      expect(checkout.isVisibleTo(guest)).toBe(true);
      expect(checkout.isVisibleTo(customer)).toBe(true);
    });

    it('hides it from other shoppers', () => {
      expect(checkout.isVisibleTo({ role: 'guest', subject: 'someone-else' })).toBe(false);
      expect(
        checkout.isVisibleTo({ role: 'customer', subject: 'someone-else', email: 'x@example.com' }),
      ).toBe(false);
    });

    it("shows it to merchants of its channel only, whatever the merchant's subject", () => {
      expect(checkout.isVisibleTo(merchant)).toBe(true);
      expect(checkout.isVisibleTo({ ...merchant, channelId: CHANNEL + 1 })).toBe(false);
      expect(
        checkout.isVisibleTo({ role: 'merchant', subject: SHOPPER, channelId: CHANNEL + 1 }),
      ).toBe(false);
    });
  });

  describe('assertVersion', () => {
    const checkout = aStoredCheckout();

    it('accepts no expectation and the current version', () => {
      expect(() => checkout.assertVersion(undefined)).not.toThrow();
      expect(() => checkout.assertVersion(1)).not.toThrow();
    });

    it('refuses another version with the current one in the error', () => {
      expect(() => checkout.assertVersion(2)).toThrow(VersionConflictError);
      try {
        checkout.assertVersion(7);
      } catch (error) {
        expect(error).toBeInstanceOf(VersionConflictError);
        expect((error as VersionConflictError).code).toBe('CHECKOUT.VERSION_CONFLICT');
        expect((error as VersionConflictError).extensions).toEqual({ currentVersion: 1 });
      }
    });
  });

  describe('updateContact', () => {
    it('sets the contact, bumps the version once and records ContactUpdated + AbandonedCartCandidate', () => {
      const checkout = aStoredCheckout({ id: 'c-1' });
      const contact = aContact({ phone: '+1 512 555 0100' });

      checkout.updateContact(contact, context(guest, NOW));

      expect(checkout.version).toBe(2);
      expect(checkout.storedVersion).toBe(1);
      expect(checkout.snapshot.contact).toEqual(contact);
      expect(checkout.snapshot.updatedAt).toEqual(NOW);
      expect(checkout.snapshot.createdAt).toEqual(T0);
      expect(summary(checkout.pendingEvents)).toEqual([
        ['checkout.ContactUpdated', 2],
        ['checkout.AbandonedCartCandidate', 2],
      ]);
      const [updated, candidate] = checkout.pendingEvents;
      expect(updated!.data).toEqual({ checkoutId: 'c-1', contact });
      expect(candidate!.data).toEqual({
        checkoutId: 'c-1',
        shopperId: SHOPPER,
        channelId: CHANNEL,
        email: 'ann@example.com',
        firstName: 'Ann',
        lastName: 'Lee',
        cartAmount: 49,
        currency: 'USD',
        trigger: 'UpdateContact',
      });
      expect(checkout.pendingEvents.every((event) => event.occurredAt === NOW)).toBe(true);
      expect(new Set(checkout.pendingEvents.map((event) => event.id)).size).toBe(2);
    });

    it('announces the same email once per window, whatever its case, but always records the change', () => {
      const checkout = aStoredCheckout();
      checkout.updateContact(aContact(), context(guest, minutesAfter(T0, 1)));
      checkout.updateContact(
        aContact({ email: 'ANN@Example.com' }),
        context(guest, minutesAfter(T0, 2)),
      );
      checkout.updateContact(aContact({ lastName: 'Li' }), context(guest, minutesAfter(T0, 3)));

      expect(checkout.version).toBe(4);
      expect(summary(checkout.pendingEvents)).toEqual([
        ['checkout.ContactUpdated', 2],
        ['checkout.AbandonedCartCandidate', 2],
        ['checkout.ContactUpdated', 3],
        ['checkout.ContactUpdated', 4],
      ]);
    });

    it('announces nothing for a contact that repeats the stored one, even after the window', () => {
      const checkout = aStoredCheckout();
      checkout.updateContact(aContact(), context(guest, minutesAfter(T0, 1)));
      checkout.updateContact(aContact(), context(guest, minutesAfter(T0, 30)));
      checkout.updateContact(aContact({ city: 'Berlin' }), context(guest, minutesAfter(T0, 31)));

      expect(checkout.version).toBe(4);
      expect(summary(checkout.pendingEvents)).toEqual([
        ['checkout.ContactUpdated', 2],
        ['checkout.AbandonedCartCandidate', 2],
        ['checkout.ContactUpdated', 3],
        ['checkout.ContactUpdated', 4],
        ['checkout.AbandonedCartCandidate', 4],
      ]);
    });

    it('announces nothing for a billing address update that repeats the stored address', () => {
      const checkout = aStoredCheckout();
      const { id } = checkout.addBillingAddress(anAddress(), context(guest, minutesAfter(T0, 1)));
      checkout.updateBillingAddress(id, anAddress(), context(guest, minutesAfter(T0, 30)));

      expect(summary(checkout.pendingEvents)).toEqual([
        ['checkout.BillingAddressAdded', 2],
        ['checkout.AbandonedCartCandidate', 2],
        ['checkout.BillingAddressUpdated', 3],
      ]);
    });

    it('sees a repeat as one whatever form its absent fields take: omitted, "" or []', () => {
      const absent = fc.constantFrom(undefined, '', 'list');
      const optional = ['company', 'address2', 'phone', 'stateOrProvince', 'customFields'] as const;
      const form = fc.record(Object.fromEntries(optional.map((name) => [name, absent])));
      fc.assert(
        fc.property(form, form, (storedForm, sentForm) => {
          const shape = (forms: Record<string, unknown>) => {
            const fields: Record<string, unknown> = { ...anAddress() };
            for (const name of optional) {
              const how = forms[name];
              if (how === undefined) delete fields[name];
              else fields[name] = name === 'customFields' || how === 'list' ? [] : '';
            }
            return fields as unknown as BillingAddressFields;
          };
          const checkout = aStoredCheckout();
          const { id } = checkout.addBillingAddress(shape(storedForm), context(guest, T0));
          // Long after the announcement window: only news would be announced again.
          checkout.updateBillingAddress(id, shape(sentForm), context(guest, minutesAfter(T0, 60)));
          expect(summary(checkout.pendingEvents).map(([type]) => type)).toEqual([
            'checkout.BillingAddressAdded',
            'checkout.AbandonedCartCandidate',
            'checkout.BillingAddressUpdated',
          ]);
        }),
      );
    });

    it('announces at most 3 distinct emails per window, and again once the window has passed', () => {
      const checkout = aStoredCheckout();
      ['a', 'b', 'c', 'd'].forEach((name, minute) =>
        checkout.updateContact(
          aContact({ email: `${name}@example.com` }),
          context(guest, minutesAfter(T0, minute)),
        ),
      );
      checkout.updateContact(
        aContact({ email: 'e@example.com' }),
        context(guest, minutesAfter(T0, 11)),
      );

      const announced = checkout.pendingEvents
        .filter((event) => event.type === 'checkout.AbandonedCartCandidate')
        .map((event) => (event.data as { email: string }).email);
      expect(announced).toEqual([
        'a@example.com',
        'b@example.com',
        'c@example.com',
        'e@example.com',
      ]);
      expect(checkout.version).toBe(6);
    });

    it('refuses once completed', () => {
      const checkout = completedCheckout();
      expectRefusal(
        checkout,
        () => checkout.updateContact(aContact(), context()),
        CheckoutCompletedError,
      );
    });
  });

  describe('addBillingAddress', () => {
    it('adds the address with a new opaque id and records BillingAddressAdded + AbandonedCartCandidate', () => {
      const checkout = aStoredCheckout({ id: 'c-1' });
      const fields = anAddress({ customFields: [{ fieldId: 'field_25', fieldValue: 'door' }] });

      const address = checkout.addBillingAddress(fields, context(guest, NOW));

      expect(address).toEqual({ ...fields, id: expect.stringMatching(UUID) });
      expect(checkout.snapshot.billingAddress).toEqual(address);
      expect(checkout.version).toBe(2);
      expect(checkout.snapshot.updatedAt).toEqual(NOW);
      expect(summary(checkout.pendingEvents)).toEqual([
        ['checkout.BillingAddressAdded', 2],
        ['checkout.AbandonedCartCandidate', 2],
      ]);
      expect(checkout.pendingEvents[0]!.data).toEqual({
        checkoutId: 'c-1',
        billingAddress: address,
      });
      expect(checkout.pendingEvents[1]!.data).toEqual({
        checkoutId: 'c-1',
        shopperId: SHOPPER,
        channelId: CHANNEL,
        email: 'ann@example.com',
        firstName: 'Ann',
        lastName: 'Lee',
        cartAmount: 49,
        currency: 'USD',
        trigger: 'AddBillingAddress',
      });
    });

    it('requires an email from a guest', () => {
      const checkout = aStoredCheckout();
      expectRefusal(
        checkout,
        () => checkout.addBillingAddress(anAddress({ email: undefined }), context(guest)),
        CheckoutFieldError,
      );
      try {
        checkout.addBillingAddress(anAddress({ email: undefined }), context(guest));
      } catch (error) {
        expect(Object.keys((error as CheckoutFieldError).extensions.fields)).toEqual(['email']);
      }
    });

    it("gives a customer who omits email the token's email", () => {
      const checkout = aStoredCheckout();
      const address = checkout.addBillingAddress(
        anAddress({ email: undefined }),
        context(customer),
      );
      expect(address.email).toBe('ann@example.com');
      expect(checkout.pendingEvents[1]!.data).toMatchObject({ email: 'ann@example.com' });
    });

    it('keeps an email a customer did send', () => {
      const checkout = aStoredCheckout();
      const address = checkout.addBillingAddress(
        anAddress({ email: 'billing@example.com' }),
        context(customer),
      );
      expect(address.email).toBe('billing@example.com');
    });

    it('lets a merchant add an address without email, and announces nothing then', () => {
      const checkout = aStoredCheckout();
      const address = checkout.addBillingAddress(
        anAddress({ email: undefined, firstName: undefined }),
        context(merchant),
      );
      expect(address.email).toBeUndefined();
      expect(checkout.version).toBe(2);
      expect(summary(checkout.pendingEvents)).toEqual([['checkout.BillingAddressAdded', 2]]);
    });

    it('announces with null names when the address has none', () => {
      const checkout = aStoredCheckout();
      checkout.addBillingAddress({ countryCode: 'US', email: 'x@example.com' }, context(guest));
      expect(checkout.pendingEvents[1]!.data).toMatchObject({
        email: 'x@example.com',
        firstName: null,
        lastName: null,
      });
    });

    it('refuses a second billing address', () => {
      const checkout = aStoredCheckout();
      checkout.addBillingAddress(anAddress(), context());
      expectRefusal(
        checkout,
        () => checkout.addBillingAddress(anAddress(), context()),
        BillingAddressExistsError,
      );
      expect(checkout.version).toBe(2);
    });

    it('refuses once completed', () => {
      const checkout = completedCheckout();
      expectRefusal(
        checkout,
        () => checkout.addBillingAddress(anAddress(), context()),
        CheckoutCompletedError,
      );
    });
  });

  describe('the guest e-mail step (an email alone as the billing address)', () => {
    it('stores an email alone, without a country, and announces it', () => {
      const checkout = aStoredCheckout({ id: 'c-1' });
      const address = checkout.addBillingAddress({ email: 'jane@example.com' }, context());

      expect(address).toEqual({ id: expect.stringMatching(UUID), email: 'jane@example.com' });
      expect(summary(checkout.pendingEvents)).toEqual([
        ['checkout.BillingAddressAdded', 2],
        ['checkout.AbandonedCartCandidate', 2],
      ]);
    });

    it('then takes the full address by PUT, which announces nothing for the same email', () => {
      const checkout = aStoredCheckout();
      const { id } = checkout.addBillingAddress({ email: 'jane@example.com' }, context());
      checkout.updateBillingAddress(id, anAddress({ email: 'jane@example.com' }), context());
      expect(checkout.snapshot.billingAddress).toMatchObject({ id, countryCode: 'US' });
      expect(summary(checkout.pendingEvents).slice(2)).toEqual([
        ['checkout.BillingAddressUpdated', 3],
      ]);
    });

    const details = {
      firstName: 'Jane',
      lastName: 'Doe',
      company: 'Acme',
      address1: '1 Main St',
      address2: 'Suite 4',
      city: 'Austin',
      stateOrProvince: 'Texas',
      stateOrProvinceCode: 'TX',
      country: 'United States',
      postalCode: '78701',
      phone: '+1 512 555 0100',
      customFields: [{ fieldId: 'f', fieldValue: 'v' }],
    };
    it.each(Object.entries(details))(
      'refuses %s without a countryCode, on POST and on PUT',
      (field, value) => {
        const fields = { email: 'jane@example.com', [field]: value };
        const fresh = aStoredCheckout();
        expectRefusal(fresh, () => fresh.addBillingAddress(fields, context()), CheckoutFieldError);
        const addressed = aStoredCheckout();
        const { id } = addressed.addBillingAddress(anAddress(), context());
        expectRefusal(
          addressed,
          () => addressed.updateBillingAddress(id, fields, context()),
          CheckoutFieldError,
        );
        let refusal: unknown;
        try {
          fresh.addBillingAddress(fields, context());
        } catch (error) {
          refusal = error;
        }
        expect((refusal as CheckoutFieldError).extensions.fields).toHaveProperty('countryCode');
      },
    );

    it('refuses an address with neither country nor email, from a merchant too', () => {
      const fresh = aStoredCheckout();
      expectRefusal(
        fresh,
        () => fresh.addBillingAddress({}, context(merchant)),
        CheckoutFieldError,
      );
      const addressed = aStoredCheckout();
      const { id } = addressed.addBillingAddress(
        anAddress({ email: undefined }),
        context(merchant),
      );
      expectRefusal(
        addressed,
        () => addressed.updateBillingAddress(id, {}, context(merchant)),
        CheckoutFieldError,
      );
    });

    it('cannot be completed until the address has a country', () => {
      const checkout = aStoredCheckout();
      checkout.addBillingAddress({ email: 'jane@example.com' }, context());
      expectRefusal(checkout, () => checkout.complete(1, NOW), CheckoutNotReadyError);
    });
  });

  describe('updateBillingAddress', () => {
    function withAddress(): { checkout: Checkout; id: string } {
      const checkout = aStoredCheckout({ id: 'c-1' });
      const { id } = checkout.addBillingAddress(
        anAddress({ address2: 'Suite 4' }),
        context(guest, minutesAfter(T0, 1)),
      );
      return { checkout: Checkout.restore(checkout.snapshot), id };
    }

    it('replaces the fields, keeps the id, bumps the version once, records BillingAddressUpdated', () => {
      const { checkout, id } = withAddress();
      const later = minutesAfter(T0, 2);

      const address = checkout.updateBillingAddress(
        id,
        { countryCode: 'CA', city: 'Toronto', email: 'ann@example.com' },
        context(guest, later),
      );

      expect(address).toEqual({ id, countryCode: 'CA', city: 'Toronto', email: 'ann@example.com' });
      expect(checkout.snapshot.billingAddress).toEqual(address);
      expect(checkout.version).toBe(3);
      expect(checkout.snapshot.updatedAt).toEqual(later);
      // The same email was announced a minute ago: no second announcement inside the window.
      expect(summary(checkout.pendingEvents)).toEqual([['checkout.BillingAddressUpdated', 3]]);
      expect(checkout.pendingEvents[0]!.data).toEqual({
        checkoutId: 'c-1',
        billingAddress: address,
      });
    });

    it('keeps the email on file when the request omits it, and announces nothing', () => {
      const { checkout, id } = withAddress();
      const address = checkout.updateBillingAddress(id, { countryCode: 'US' }, context(guest));
      expect(address.email).toBe('ann@example.com');
      expect(summary(checkout.pendingEvents)).toEqual([['checkout.BillingAddressUpdated', 3]]);
    });

    it('announces a new email with trigger UpdateBillingAddress', () => {
      const { checkout, id } = withAddress();
      checkout.updateBillingAddress(
        id,
        anAddress({ email: 'bob@example.com', firstName: 'Bob' }),
        context(guest),
      );
      expect(summary(checkout.pendingEvents)).toEqual([
        ['checkout.BillingAddressUpdated', 3],
        ['checkout.AbandonedCartCandidate', 3],
      ]);
      expect(checkout.pendingEvents[1]!.data).toMatchObject({
        email: 'bob@example.com',
        firstName: 'Bob',
        lastName: 'Lee',
        trigger: 'UpdateBillingAddress',
      });
    });

    it('refuses an addressId that is not the billing address, and a checkout without one', () => {
      const { checkout } = withAddress();
      expectRefusal(
        checkout,
        () => checkout.updateBillingAddress('not-it', anAddress(), context()),
        BillingAddressNotFoundError,
      );
      const bare = aStoredCheckout();
      expectRefusal(
        bare,
        () => bare.updateBillingAddress('anything', anAddress(), context()),
        BillingAddressNotFoundError,
      );
    });

    it('refuses once completed', () => {
      const checkout = completedCheckout();
      const id = checkout.snapshot.billingAddress!.id;
      expectRefusal(
        checkout,
        () => checkout.updateBillingAddress(id, anAddress(), context()),
        CheckoutCompletedError,
      );
    });
  });

  describe('complete', () => {
    it('places the order: completed with the order id, version +1, CheckoutCompleted', () => {
      const checkout = aStoredCheckout({ id: 'c-1' });
      checkout.addBillingAddress(anAddress(), context());
      checkout.complete(100001, NOW);

      expect(checkout.snapshot).toMatchObject({
        status: 'completed',
        orderId: 100001,
        updatedAt: NOW,
      });
      expect(checkout.version).toBe(3);
      expect(checkout.pendingEvents.at(-1)).toMatchObject({
        type: 'checkout.CheckoutCompleted',
        aggregateVersion: 3,
        data: { checkoutId: 'c-1', orderId: 100001, grandTotal: 49, currency: 'USD' },
      });
    });

    it('refuses without a billing address', () => {
      const checkout = aStoredCheckout();
      expectRefusal(checkout, () => checkout.complete(1, NOW), CheckoutNotReadyError);
    });

    it('refuses a second time', () => {
      const checkout = completedCheckout();
      expectRefusal(checkout, () => checkout.complete(2, NOW), CheckoutCompletedError);
      expect(checkout.snapshot.orderId).toBe(100001);
    });
  });
});

function completedCheckout(): Checkout {
  const checkout = aStoredCheckout();
  checkout.addBillingAddress(anAddress(), context());
  checkout.complete(100001, NOW);
  return Checkout.restore(checkout.snapshot);
}
