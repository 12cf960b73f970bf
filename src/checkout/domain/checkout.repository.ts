import { Checkout } from './checkout';
import { Viewer } from '../../shared/domain/viewer';

/**
 * The persistence port of the Checkout aggregate.
 * `load` applies visibility itself, so no use case can forget it: a checkout the viewer may not
 * see is reported exactly like one that does not exist.
 */
export abstract class CheckoutRepository {
  /** @throws CheckoutNotFoundError when absent or not visible to `viewer`. */
  abstract load(checkoutId: string, viewer: Viewer): Promise<Checkout>;
  /**
   * Stores the checkout and its recorded events atomically: a new one is inserted; a loaded one is
   * written only if storage is still at `checkout.storedVersion`.
   * @throws ConcurrentModificationError when another change got there first.
   */
  abstract save(checkout: Checkout): Promise<void>;
  /** The current version, for a conflict response; undefined when the checkout does not exist. */
  abstract currentVersion(checkoutId: string): Promise<number | undefined>;
  abstract nextOrderId(): Promise<number>;
}
