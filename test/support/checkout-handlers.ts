import { CheckoutEditor, EditTarget } from '../../src/checkout/commands/checkout-editor';
import { Checkout } from '../../src/checkout/domain/checkout';
import { Viewer } from '../../src/shared/domain/viewer';
import { AppConfig } from '../../src/config/app-config';
import { Clock } from '../../src/shared/domain/clock';
import { validateEnvironment } from '../../src/config/environment';
import { aCheckout } from './checkout.fixtures';
import { InMemoryCheckoutRepository, InMemoryTransactions } from './in-memory-checkout.repository';

/** What a handler test needs: the in-memory repository, transactions and the shared editor. */
export interface HandlerWorld {
  checkouts: InMemoryCheckoutRepository;
  transactions: InMemoryTransactions;
  editor: CheckoutEditor;
  /** Stores a new checkout (with its CheckoutCreated event) and returns its id. */
  seed(checkout?: Checkout): Promise<string>;
  /** Events saved for `checkoutId` after it was seeded, as [type, aggregateVersion]. */
  newEvents(checkoutId: string): [string, number][];
  target(checkoutId: string, viewer: Viewer, expectedVersion?: number): EditTarget;
}

export function handlerWorld(): HandlerWorld {
  const checkouts = new InMemoryCheckoutRepository();
  const transactions = new InMemoryTransactions();
  const config = new AppConfig(validateEnvironment({}));
  const editor = new CheckoutEditor(checkouts, transactions, config, new Clock());
  return {
    checkouts,
    transactions,
    editor,
    async seed(checkout = aCheckout()) {
      await checkouts.save(checkout);
      return checkout.id;
    },
    newEvents: (checkoutId) =>
      checkouts
        .events(checkoutId)
        .filter((event) => event.type !== 'checkout.CheckoutCreated')
        .map((event) => [event.type, event.aggregateVersion]),
    target: (checkoutId, viewer, expectedVersion) => ({ checkoutId, viewer, expectedVersion }),
  };
}
