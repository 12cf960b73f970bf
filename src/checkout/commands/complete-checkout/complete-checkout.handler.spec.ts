import { anAddress, guest, merchant } from '../../../../test/support/checkout.fixtures';
import { handlerWorld, HandlerWorld } from '../../../../test/support/checkout-handlers';
import {
  CheckoutCompletedError,
  CheckoutNotFoundError,
  CheckoutNotReadyError,
  VersionConflictError,
} from '../../domain/checkout.errors';
import { Viewer } from '../../../shared/domain/viewer';
import { AddBillingAddressCommand } from '../add-billing-address/add-billing-address.command';
import { AddBillingAddressHandler } from '../add-billing-address/add-billing-address.handler';
import { CompleteCheckoutCommand } from './complete-checkout.command';
import { CompleteCheckoutHandler } from './complete-checkout.handler';

describe('CompleteCheckoutHandler', () => {
  let world: HandlerWorld;
  let handler: CompleteCheckoutHandler;
  let checkoutId: string;
  const complete = (viewer: Viewer = guest, expectedVersion?: number) =>
    handler.execute(new CompleteCheckoutCommand(world.target(checkoutId, viewer, expectedVersion)));
  const addAddress = () =>
    new AddBillingAddressHandler(world.editor).execute(
      new AddBillingAddressCommand(world.target(checkoutId, guest), anAddress()),
    );

  beforeEach(async () => {
    world = handlerWorld();
    handler = new CompleteCheckoutHandler(world.editor, world.checkouts);
    checkoutId = await world.seed();
  });

  it('completes the checkout with a new order id and CheckoutCompleted', async () => {
    await addAddress();
    const checkout = await complete(guest, 2);

    const stored = world.checkouts.stored(checkoutId)!;
    expect(stored).toMatchObject({
      version: 3,
      status: 'completed',
      orderId: checkout.orderId,
    });
    expect(stored.orderId).toEqual(expect.any(Number));
    expect(world.newEvents(checkoutId).at(-1)).toEqual(['checkout.CheckoutCompleted', 3]);
    expect(world.checkouts.events(checkoutId).at(-1)!.data).toEqual({
      checkoutId,
      orderId: stored.orderId,
      grandTotal: 49,
      currency: 'USD',
    });
  });

  it('gives each order its own id', async () => {
    await addAddress();
    const first = await complete(merchant);
    checkoutId = await world.seed();
    await addAddress();
    const second = await complete(merchant);
    expect(second.orderId).not.toBe(first.orderId);
  });

  it('refuses a checkout without billing address', async () => {
    await expect(complete()).rejects.toThrow(CheckoutNotReadyError);
    expect(world.checkouts.stored(checkoutId)).toMatchObject({ version: 1, status: 'open' });
  });

  it('refuses to complete twice', async () => {
    await addAddress();
    await complete();
    await expect(complete()).rejects.toThrow(CheckoutCompletedError);
    expect(
      world.newEvents(checkoutId).filter(([type]) => type === 'checkout.CheckoutCompleted'),
    ).toHaveLength(1);
  });

  it('refuses a stale version and a caller who may not see the checkout', async () => {
    await addAddress();
    await expect(complete(guest, 1)).rejects.toThrow(VersionConflictError);
    await expect(complete({ ...merchant, channelId: 2 })).rejects.toThrow(CheckoutNotFoundError);
    expect(world.checkouts.stored(checkoutId)!.status).toBe('open');
  });
});
