import { anAddress, customer, guest, merchant } from '../../../../test/support/checkout.fixtures';
import { handlerWorld, HandlerWorld } from '../../../../test/support/checkout-handlers';
import {
  BillingAddressExistsError,
  CheckoutCompletedError,
  CheckoutFieldError,
  CheckoutNotFoundError,
  VersionConflictError,
} from '../../domain/checkout.errors';
import { BillingAddressFields } from '../../domain/checkout-parts';
import { Viewer } from '../../../shared/domain/viewer';
import { CompleteCheckoutCommand } from '../complete-checkout/complete-checkout.command';
import { CompleteCheckoutHandler } from '../complete-checkout/complete-checkout.handler';
import { AddBillingAddressCommand } from './add-billing-address.command';
import { AddBillingAddressHandler } from './add-billing-address.handler';

describe('AddBillingAddressHandler', () => {
  let world: HandlerWorld;
  let handler: AddBillingAddressHandler;
  let checkoutId: string;
  const add = (
    fields: BillingAddressFields = anAddress(),
    viewer: Viewer = guest,
    expectedVersion?: number,
  ) =>
    handler.execute(
      new AddBillingAddressCommand(world.target(checkoutId, viewer, expectedVersion), fields),
    );

  beforeEach(async () => {
    world = handlerWorld();
    handler = new AddBillingAddressHandler(world.editor);
    checkoutId = await world.seed();
  });

  it('stores the address with BillingAddressAdded and AbandonedCartCandidate', async () => {
    const checkout = await add(anAddress({ customFields: [{ fieldId: 'f', fieldValue: 'v' }] }));

    const stored = world.checkouts.stored(checkoutId)!;
    expect(stored.version).toBe(2);
    expect(stored.billingAddress).toEqual(checkout.billingAddress);
    expect(stored.billingAddress).toMatchObject({
      countryCode: 'US',
      customFields: [{ fieldId: 'f', fieldValue: 'v' }],
    });
    expect(world.newEvents(checkoutId)).toEqual([
      ['checkout.BillingAddressAdded', 2],
      ['checkout.AbandonedCartCandidate', 2],
    ]);
    expect(world.checkouts.events(checkoutId).at(-1)!.data).toMatchObject({
      trigger: 'AddBillingAddress',
    });
  });

  it('refuses a guest without email and stores nothing', async () => {
    await expect(add(anAddress({ email: undefined }))).rejects.toThrow(CheckoutFieldError);
    expect(world.checkouts.stored(checkoutId)!.version).toBe(1);
    expect(world.newEvents(checkoutId)).toEqual([]);
  });

  it("fills a customer's omitted email from the token", async () => {
    await add(anAddress({ email: undefined }), customer);
    expect(world.checkouts.stored(checkoutId)!.billingAddress!.email).toBe(customer.email);
  });

  it('lets a merchant add an address without email: no AbandonedCartCandidate', async () => {
    await add(anAddress({ email: undefined }), merchant);
    expect(world.newEvents(checkoutId)).toEqual([['checkout.BillingAddressAdded', 2]]);
  });

  it('refuses a second address', async () => {
    await add();
    await expect(add(anAddress({ city: 'Dallas' }))).rejects.toThrow(BillingAddressExistsError);
    expect(world.checkouts.stored(checkoutId)).toMatchObject({
      version: 2,
      billingAddress: { city: 'Austin' },
    });
    expect(world.newEvents(checkoutId)).toHaveLength(2);
  });

  it('hides the checkout from another shopper', async () => {
    await expect(
      add(anAddress(), { role: 'customer', subject: 'other', email: 'o@example.com' }),
    ).rejects.toThrow(CheckoutNotFoundError);
    expect(world.checkouts.stored(checkoutId)!.billingAddress).toBeNull();
  });

  it('refuses a stale version', async () => {
    await expect(add(anAddress(), guest, 2)).rejects.toThrow(VersionConflictError);
    expect(world.newEvents(checkoutId)).toEqual([]);
  });

  it('refuses a completed checkout', async () => {
    await add(anAddress(), merchant);
    await new CompleteCheckoutHandler(world.editor, world.checkouts).execute(
      new CompleteCheckoutCommand(world.target(checkoutId, merchant)),
    );
    await expect(add()).rejects.toThrow(CheckoutCompletedError);
  });
});
