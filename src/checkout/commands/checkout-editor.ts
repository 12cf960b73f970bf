import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../shared/domain/clock';
import { ConcurrentModificationError } from '../../shared/domain/domain-error';
import { Transactions } from '../../shared/persistence/statement-runner';
import { ChangeContext, Checkout, CheckoutState } from '../domain/checkout';
import { VersionConflictError } from '../domain/checkout.errors';
import { CheckoutRepository } from '../domain/checkout.repository';
import { Viewer } from '../../shared/domain/viewer';

type Change = (checkout: Checkout, context: ChangeContext) => void | Promise<void>;

export interface EditTarget {
  readonly checkoutId: string;
  readonly viewer: Viewer;
  /** The version the client last saw, from `version` or `If-Match`; undefined: apply to the latest. */
  readonly expectedVersion?: number;
}

/**
 * The one way commands change a checkout: load it as the viewer may see it, check the version the
 * client named, apply the change, save. Concurrency policy lives here, once:
 * - with an expected version, losing a race is the client's 409 (with the current version);
 * - without one, the change is re-applied to the latest state, so it is never lost.
 */
@Injectable()
export class CheckoutEditor {
  constructor(
    private readonly checkouts: CheckoutRepository,
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Applies `change` as said above; returns the state it saved, read-only. */
  async edit(target: EditTarget, change: Change): Promise<CheckoutState> {
    const attempt = async (): Promise<CheckoutState> =>
      this.apply(await this.checkouts.load(target.checkoutId, target.viewer), target, change);
    const expected = target.expectedVersion;
    if (expected === undefined) return this.transactions.retryOnConflict(attempt);
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ConcurrentModificationError)) throw error;
      const current = await this.checkouts.currentVersion(target.checkoutId);
      throw new VersionConflictError(expected, current ?? expected + 1);
    }
  }

  private async apply(
    checkout: Checkout,
    target: EditTarget,
    change: Change,
  ): Promise<CheckoutState> {
    checkout.assertVersion(target.expectedVersion);
    await change(checkout, {
      actor: target.viewer,
      now: this.clock.now(),
      policy: this.config.abandonedCart,
    });
    await this.checkouts.save(checkout);
    return checkout.snapshot;
  }
}
