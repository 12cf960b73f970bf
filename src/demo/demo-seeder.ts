import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ChangeContext } from '../checkout/domain/checkout';
import { CheckoutRepository } from '../checkout/domain/checkout.repository';
import { StatementRunner } from '../shared/persistence/statement-runner';
import { createDemoCheckout, DEMO_CHECKOUTS, DEMO_MERCHANT, DemoCheckout } from './demo-checkouts';

/**
 * Stores the demo checkouts that are missing, through the same repository (and so with the same
 * outbox events) as the API: create and save, then load, change and save once per command.
 * Idempotent: an existing demo checkout is left as it is, whatever happened to it since, so a
 * restart never undoes what a user tried.
 */
@Injectable()
export class DemoSeeder {
  constructor(
    private readonly checkouts: CheckoutRepository,
    private readonly statements: StatementRunner,
    private readonly config: AppConfig,
  ) {}

  /** @returns the ids of the checkouts it created. */
  async seed(now = new Date()): Promise<string[]> {
    const context: ChangeContext = { actor: DEMO_MERCHANT, now, policy: this.config.abandonedCart };
    const created: string[] = [];
    for (const demo of DEMO_CHECKOUTS) {
      if ((await this.checkouts.currentVersion(demo.id)) !== undefined) continue;
      try {
        // One transaction per checkout: a crash half-way leaves none of it, not half of it.
        await this.statements.transaction(() => this.store(demo, context));
        created.push(demo.id);
      } catch (error) {
        // Another instance starting at the same moment stored it first: that is just as good.
        if ((await this.checkouts.currentVersion(demo.id)) === undefined) throw error;
      }
    }
    return created;
  }

  private async store(demo: DemoCheckout, context: ChangeContext): Promise<void> {
    await this.checkouts.save(createDemoCheckout(demo.id, context.now));
    for (const step of demo.steps) {
      const checkout = await this.checkouts.load(demo.id, DEMO_MERCHANT);
      await step(checkout, context, () => this.checkouts.nextOrderId());
      await this.checkouts.save(checkout);
    }
  }
}
