import { Module } from '@nestjs/common';
import { AuthModule } from '../shared/auth/auth.module';
import { AddBillingAddressController } from './commands/add-billing-address/add-billing-address.controller';
import { AddBillingAddressHandler } from './commands/add-billing-address/add-billing-address.handler';
import { CheckoutEditor } from './commands/checkout-editor';
import { CompleteCheckoutController } from './commands/complete-checkout/complete-checkout.controller';
import { CompleteCheckoutHandler } from './commands/complete-checkout/complete-checkout.handler';
import { CreateCheckoutController } from './commands/create-checkout/create-checkout.controller';
import { CreateCheckoutHandler } from './commands/create-checkout/create-checkout.handler';
import { UpdateBillingAddressController } from './commands/update-billing-address/update-billing-address.controller';
import { UpdateBillingAddressHandler } from './commands/update-billing-address/update-billing-address.handler';
import { UpdateContactController } from './commands/update-contact/update-contact.controller';
import { UpdateContactHandler } from './commands/update-contact/update-contact.handler';
import { CheckoutRepository } from './domain/checkout.repository';
import { SqlCheckoutRepository } from './persistence/sql-checkout.repository';
import { GetCheckoutController } from './queries/get-checkout/get-checkout.controller';
import { GetCheckoutHandler } from './queries/get-checkout/get-checkout.handler';
import { AbandonedCartSaga } from './reminders/abandoned-cart.saga';
import { CloseRemindersHandler } from './reminders/reminder-handlers';
import { ReminderMetrics } from './reminders/reminder-metrics';
import { ReminderSender } from './reminders/reminder-sender';
import { ReminderStore } from './reminders/reminder-store';
import { RetentionMetrics } from './retention/retention-metrics';
import { RetentionStore } from './retention/retention-store';
import { RetentionSweeper } from './retention/retention-sweeper';
import { Clock } from '../shared/domain/clock';
import { GetCheckoutSettingsHandler } from './queries/storefront-settings/get-checkout-settings.handler';
import { StorefrontSettingsController } from './queries/storefront-settings/storefront-settings.controller';

@Module({
  imports: [AuthModule],
  // In the order Swagger UI lists them (see setupSwagger): the merchants' one last.
  controllers: [
    UpdateContactController,
    AddBillingAddressController,
    UpdateBillingAddressController,
    CompleteCheckoutController,
    StorefrontSettingsController,
    GetCheckoutController,
    CreateCheckoutController,
  ],
  providers: [
    { provide: CheckoutRepository, useClass: SqlCheckoutRepository },
    CheckoutEditor,
    CreateCheckoutHandler,
    GetCheckoutHandler,
    UpdateContactHandler,
    AddBillingAddressHandler,
    UpdateBillingAddressHandler,
    CompleteCheckoutHandler,
    GetCheckoutSettingsHandler,
    Clock,
    AbandonedCartSaga,
    CloseRemindersHandler,
    ReminderStore,
    ReminderSender,
    ReminderMetrics,
    RetentionStore,
    RetentionSweeper,
    RetentionMetrics,
  ],
  // The demo seeder (src/demo) stores its checkouts through the same repository as the API.
  exports: [CheckoutRepository, ReminderMetrics, RetentionMetrics],
})
export class CheckoutModule {}
