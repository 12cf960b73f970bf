import {
  aContact,
  anAddress,
  guest,
  merchant,
  SHOPPER,
} from '../../../../test/support/checkout.fixtures';
import { handlerWorld, HandlerWorld } from '../../../../test/support/checkout-handlers';
import {
  CheckoutCompletedError,
  CheckoutNotFoundError,
  VersionConflictError,
} from '../../domain/checkout.errors';
import { Contact } from '../../domain/checkout-parts';
import { AddBillingAddressCommand } from '../add-billing-address/add-billing-address.command';
import { AddBillingAddressHandler } from '../add-billing-address/add-billing-address.handler';
import { CompleteCheckoutCommand } from '../complete-checkout/complete-checkout.command';
import { CompleteCheckoutHandler } from '../complete-checkout/complete-checkout.handler';
import { UpdateContactCommand } from './update-contact.command';
import { UpdateContactHandler } from './update-contact.handler';

describe('UpdateContactHandler', () => {
  let world: HandlerWorld;
  let handler: UpdateContactHandler;
  let checkoutId: string;
  const update = (contact: Contact = aContact(), expectedVersion?: number, viewer = guest) =>
    handler.execute(
      new UpdateContactCommand(world.target(checkoutId, viewer, expectedVersion), contact),
    );

  beforeEach(async () => {
    world = handlerWorld();
    handler = new UpdateContactHandler(world.editor);
    checkoutId = await world.seed();
  });

  it('stores the contact at the next version with ContactUpdated and AbandonedCartCandidate', async () => {
    const contact = aContact({ city: 'Austin' });
    const checkout = await update(contact);

    expect(checkout.version).toBe(2);
    expect(world.checkouts.stored(checkoutId)).toMatchObject({ version: 2, contact });
    expect(world.newEvents(checkoutId)).toEqual([
      ['checkout.ContactUpdated', 2],
      ['checkout.AbandonedCartCandidate', 2],
    ]);
    expect(world.checkouts.events(checkoutId).at(-1)!.data).toMatchObject({
      email: 'ann@example.com',
      shopperId: SHOPPER,
      trigger: 'UpdateContact',
    });
  });

  it("lets a merchant of the checkout's channel update it", async () => {
    await update(aContact(), undefined, merchant);
    expect(world.checkouts.stored(checkoutId)!.version).toBe(2);
  });

  it.each([
    ['another shopper', { role: 'guest' as const, subject: 'someone-else' }],
    ['a merchant of another channel', { ...merchant, channelId: 99 }],
  ])('reports the checkout as missing to %s, and changes nothing', async (_who, viewer) => {
    await expect(update(aContact(), undefined, viewer)).rejects.toThrow(CheckoutNotFoundError);
    expect(world.checkouts.stored(checkoutId)!.version).toBe(1);
    expect(world.newEvents(checkoutId)).toEqual([]);
  });

  it('reports an unknown checkout as missing', async () => {
    checkoutId = crypto.randomUUID();
    await expect(update()).rejects.toThrow(CheckoutNotFoundError);
  });

  it('applies a change that names the current version', async () => {
    await update(aContact(), 1);
    await update(aContact({ firstName: 'Anna' }), 2);
    expect(world.checkouts.stored(checkoutId)).toMatchObject({
      version: 3,
      contact: { firstName: 'Anna' },
    });
  });

  it('refuses a stale version with the current one, and changes nothing', async () => {
    await update();
    const error = await update(aContact({ firstName: 'Stale' }), 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect((error as VersionConflictError).extensions.currentVersion).toBe(2);
    expect(world.checkouts.stored(checkoutId)).toMatchObject({
      version: 2,
      contact: { firstName: 'Ann' },
    });
    expect(world.newEvents(checkoutId)).toHaveLength(2);
  });

  describe('when another change commits between load and save', () => {
    const concurrentBillingAddress = () =>
      new AddBillingAddressHandler(world.editor).execute(
        new AddBillingAddressCommand(
          world.target(checkoutId, guest),
          anAddress({ email: 'bob@example.com' }),
        ),
      );

    it('without an expected version, re-applies the change on the latest state: nothing is lost', async () => {
      world.checkouts.interleaveBeforeNextSave(concurrentBillingAddress);

      const checkout = await update(aContact());

      expect(world.transactions.retries).toBe(1);
      expect(checkout.version).toBe(3);
      const stored = world.checkouts.stored(checkoutId)!;
      expect(stored.version).toBe(3);
      expect(stored.contact).toEqual(aContact());
      expect(stored.billingAddress).toMatchObject({ email: 'bob@example.com' });
      expect(world.newEvents(checkoutId)).toEqual([
        ['checkout.BillingAddressAdded', 2],
        ['checkout.AbandonedCartCandidate', 2],
        ['checkout.ContactUpdated', 3],
        ['checkout.AbandonedCartCandidate', 3],
      ]);
    });

    it('with an expected version, is a VersionConflictError with the current version', async () => {
      world.checkouts.interleaveBeforeNextSave(concurrentBillingAddress);

      const error = await update(aContact(), 1).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(VersionConflictError);
      expect((error as VersionConflictError).extensions).toEqual({ currentVersion: 2 });
      expect(world.transactions.retries).toBe(0);
      const stored = world.checkouts.stored(checkoutId)!;
      expect(stored).toMatchObject({ version: 2, contact: null });
      expect(world.newEvents(checkoutId)).toEqual([
        ['checkout.BillingAddressAdded', 2],
        ['checkout.AbandonedCartCandidate', 2],
      ]);
    });
  });

  it('refuses to edit a completed checkout', async () => {
    await new AddBillingAddressHandler(world.editor).execute(
      new AddBillingAddressCommand(world.target(checkoutId, guest), anAddress()),
    );
    await new CompleteCheckoutHandler(world.editor, world.checkouts).execute(
      new CompleteCheckoutCommand(world.target(checkoutId, guest)),
    );
    await expect(update(aContact({ firstName: 'Late' }))).rejects.toThrow(CheckoutCompletedError);
    expect(world.checkouts.stored(checkoutId)).toMatchObject({ version: 3, status: 'completed' });
    expect(world.newEvents(checkoutId).at(-1)).toEqual(['checkout.CheckoutCompleted', 3]);
  });
});
