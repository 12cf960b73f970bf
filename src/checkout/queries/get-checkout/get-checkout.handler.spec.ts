import { guest, merchant } from '../../../../test/support/checkout.fixtures';
import { handlerWorld } from '../../../../test/support/checkout-handlers';
import { CheckoutNotFoundError } from '../../domain/checkout.errors';
import { GetCheckoutHandler } from './get-checkout.handler';
import { GetCheckoutQuery } from './get-checkout.query';

describe('GetCheckoutHandler', () => {
  it('returns the checkout to those who may see it, and reports it missing to everyone else', async () => {
    const world = handlerWorld();
    const handler = new GetCheckoutHandler(world.checkouts);
    const checkoutId = await world.seed();

    await expect(handler.execute(new GetCheckoutQuery(checkoutId, guest))).resolves.toMatchObject({
      id: checkoutId,
      version: 1,
    });
    await expect(
      handler.execute(new GetCheckoutQuery(checkoutId, merchant)),
    ).resolves.toBeDefined();
    for (const viewer of [
      { role: 'guest' as const, subject: 'other' },
      { ...merchant, channelId: 2 },
    ]) {
      await expect(handler.execute(new GetCheckoutQuery(checkoutId, viewer))).rejects.toThrow(
        CheckoutNotFoundError,
      );
    }
    await expect(handler.execute(new GetCheckoutQuery(crypto.randomUUID(), guest))).rejects.toThrow(
      CheckoutNotFoundError,
    );
  });
});
