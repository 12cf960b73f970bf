import { Clock } from '../../../shared/domain/clock';
import { CHANNEL, merchant } from '../../../../test/support/checkout.fixtures';
import { handlerWorld, HandlerWorld } from '../../../../test/support/checkout-handlers';
import { CheckoutFieldError } from '../../domain/checkout.errors';
import { NewLineItem } from '../../domain/checkout';
import { CreateCheckoutCommand } from './create-checkout.command';
import { CreateCheckoutHandler } from './create-checkout.handler';

describe('CreateCheckoutHandler', () => {
  let world: HandlerWorld;
  let handler: CreateCheckoutHandler;
  const item = (unitPrice: number, quantity = 1): NewLineItem => ({
    productId: 'sku',
    name: 'Item',
    quantity,
    unitPrice,
  });

  beforeEach(() => {
    world = handlerWorld();
    handler = new CreateCheckoutHandler(world.checkouts, new Clock());
  });

  it("stores a new checkout in the merchant's channel at version 1 with CheckoutCreated", async () => {
    const checkout = await handler.execute(
      new CreateCheckoutCommand(merchant, 'shopper-9', 'USD', [item(0.1), item(0.2, 2)]),
    );

    expect(checkout.id).toMatch(/^[0-9a-f-]{36}$/);
    const stored = world.checkouts.stored(checkout.id)!;
    expect(stored).toMatchObject({
      version: 1,
      channelId: CHANNEL,
      shopperId: 'shopper-9',
      status: 'open',
    });
    expect(stored.lineItems.map((line) => line.unitPriceMinor)).toEqual([10, 20]);
    expect(checkout.version).toBe(1);
    const events = world.checkouts.events(checkout.id);
    expect(events.map((event) => [event.type, event.aggregateVersion])).toEqual([
      ['checkout.CheckoutCreated', 1],
    ]);
    expect(events[0]!.data).toMatchObject({ channelId: CHANNEL, cartAmount: 0.5, currency: 'USD' });
  });

  it('gives every checkout its own id', async () => {
    const first = await handler.execute(new CreateCheckoutCommand(merchant, 's', 'USD', [item(1)]));
    const second = await handler.execute(
      new CreateCheckoutCommand(merchant, 's', 'USD', [item(1)]),
    );
    expect(first.id).not.toBe(second.id);
  });

  it('stores nothing when a price has more decimals than the currency allows', async () => {
    await expect(
      handler.execute(new CreateCheckoutCommand(merchant, 's', 'USD', [item(19.999)])),
    ).rejects.toThrow(CheckoutFieldError);
    expect(world.checkouts.events()).toEqual([]);
  });
});
