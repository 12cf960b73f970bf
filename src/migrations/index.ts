import { InitialSchema1763880000000 } from './1763880000000-initial-schema';
import { IdempotencyKeys1795416873866 } from './1795416873866-idempotency-keys';
import { OutboxRelayIndexes1795500000000 } from './1795500000000-outbox-relay-indexes';
import { HotUpdates1795600000000 } from './1795600000000-hot-updates';
import { OutboxRecordedAt1795700000000 } from './1795700000000-outbox-recorded-at';
import { EmailOnlyBillingAddress1795800000000 } from './1795800000000-email-only-billing-address';
import { AbandonedCartReminders1795900000000 } from './1795900000000-abandoned-cart-reminders';
import { OutboxPartitions1796000000000 } from './1796000000000-outbox-partitions';
import { CheckoutRetention1796100000000 } from './1796100000000-checkout-retention';
import { CheckoutInOneRow1796200000000 } from './1796200000000-checkout-in-one-row';

/** Every migration, in order. Listed explicitly so the compiled service needs no glob. */
export const MIGRATIONS = [
  InitialSchema1763880000000,
  IdempotencyKeys1795416873866,
  OutboxRelayIndexes1795500000000,
  HotUpdates1795600000000,
  OutboxRecordedAt1795700000000,
  EmailOnlyBillingAddress1795800000000,
  AbandonedCartReminders1795900000000,
  OutboxPartitions1796000000000,
  CheckoutRetention1796100000000,
  CheckoutInOneRow1796200000000,
];
