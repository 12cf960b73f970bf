import { anAddress, customer, guest } from '../../../../test/support/checkout.fixtures';
import { handlerWorld, HandlerWorld } from '../../../../test/support/checkout-handlers';
import {
  BillingAddressNotFoundError,
  CheckoutCompletedError,
  CheckoutNotFoundError,
  VersionConflictError,
} from '../../domain/checkout.errors';
import { BillingAddressFields } from '../../domain/checkout-parts';
import { Viewer } from '../../../shared/domain/viewer';
import { AddBillingAddressCommand } from '../add-billing-address/add-billing-address.command';
import { AddBillingAddressHandler } from '../add-billing-address/add-billing-address.handler';
import { CompleteCheckoutCommand } from '../complete-checkout/complete-checkout.command';
import { CompleteCheckoutHandler } from '../complete-checkout/complete-checkout.handler';
import { UpdateBillingAddressCommand } from './update-billing-address.command';
import { UpdateBillingAddressHandler } from './update-billing-address.handler';

describe('UpdateBillingAddressHandler', () => {
  let world: HandlerWorld;
  let handler: UpdateBillingAddressHandler;
  let checkoutId: string;
  let addressId: string;
  const update = (
    fields: BillingAddressFields,
    options: { id?: string; viewer?: Viewer; expectedVersion?: number } = {},
  ) =>
    handler.execute(
      new UpdateBillingAddressCommand(
        world.target(checkoutId, options.viewer ?? guest, options.expectedVersion),
        options.id ?? addressId,
        fields,
      ),
    );

  beforeEach(async () => {
    world = handlerWorld();
    handler = new UpdateBillingAddressHandler(world.editor);
    checkoutId = await world.seed();
    const checkout = await new AddBillingAddressHandler(world.editor).execute(
      new AddBillingAddressCommand(world.target(checkoutId, guest), anAddress()),
    );
    addressId = checkout.billingAddress!.id;
  });

  const eventsAfterAdd = () => world.newEvents(checkoutId).slice(2);

  it('replaces the address under the same id with BillingAddressUpdated', async () => {
    await update({ countryCode: 'CA', city: 'Toronto' }, { expectedVersion: 2 });

    expect(world.checkouts.stored(checkoutId)).toMatchObject({
      version: 3,
      billingAddress: {
        id: addressId,
        countryCode: 'CA',
        city: 'Toronto',
        email: 'ann@example.com',
      },
    });
    expect(world.checkouts.stored(checkoutId)!.billingAddress!.address1).toBeUndefined();
    expect(eventsAfterAdd()).toEqual([['checkout.BillingAddressUpdated', 3]]);
  });

  it('announces a new email with trigger UpdateBillingAddress', async () => {
    await update(anAddress({ email: 'new@example.com' }));
    expect(eventsAfterAdd()).toEqual([
      ['checkout.BillingAddressUpdated', 3],
      ['checkout.AbandonedCartCandidate', 3],
    ]);
    expect(world.checkouts.events(checkoutId).at(-1)!.data).toMatchObject({
      email: 'new@example.com',
      trigger: 'UpdateBillingAddress',
    });
  });

  it("uses a customer's token email when the request omits one", async () => {
    checkoutId = await world.seed();
    const added = await new AddBillingAddressHandler(world.editor).execute(
      new AddBillingAddressCommand(
        world.target(checkoutId, customer),
        anAddress({ email: 'first@example.com' }),
      ),
    );
    await update(anAddress({ email: undefined }), {
      id: added.billingAddress!.id,
      viewer: customer,
    });
    expect(world.checkouts.stored(checkoutId)!.billingAddress!.email).toBe(customer.email);
  });

  it('answers not found for an address id that is not the billing address, changing nothing', async () => {
    await expect(update(anAddress(), { id: crypto.randomUUID() })).rejects.toThrow(
      BillingAddressNotFoundError,
    );
    expect(world.checkouts.stored(checkoutId)!.version).toBe(2);
    expect(eventsAfterAdd()).toEqual([]);
  });

  it('hides the checkout from another shopper', async () => {
    await expect(
      update(anAddress(), { viewer: { role: 'guest', subject: 'other' } }),
    ).rejects.toThrow(CheckoutNotFoundError);
  });

  it('refuses a stale version with the current one', async () => {
    const error = await update(anAddress(), { expectedVersion: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect((error as VersionConflictError).extensions.currentVersion).toBe(2);
    expect(eventsAfterAdd()).toEqual([]);
  });

  it('re-applies an unversioned update after a concurrent one, keeping both in the event history', async () => {
    world.checkouts.interleaveBeforeNextSave(() =>
      update({ countryCode: 'MX', city: 'Monterrey' }),
    );
    await update({ countryCode: 'CA', city: 'Toronto' });
    expect(world.checkouts.stored(checkoutId)).toMatchObject({
      version: 4,
      billingAddress: { countryCode: 'CA', city: 'Toronto' },
    });
    expect(eventsAfterAdd()).toEqual([
      ['checkout.BillingAddressUpdated', 3],
      ['checkout.BillingAddressUpdated', 4],
    ]);
  });

  it('refuses a completed checkout', async () => {
    await new CompleteCheckoutHandler(world.editor, world.checkouts).execute(
      new CompleteCheckoutCommand(world.target(checkoutId, guest)),
    );
    await expect(update(anAddress())).rejects.toThrow(CheckoutCompletedError);
    expect(world.checkouts.stored(checkoutId)!.version).toBe(3);
  });
});
