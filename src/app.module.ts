import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CheckoutModule } from './checkout/checkout.module';
import { ConfigModule } from './config/config.module';
import { DemoModule } from './demo/demo.module';
import { EventsModule } from './events/events.module';
import { OpsModule } from './ops/ops.module';
import { IdempotencyModule } from './shared/http/idempotency/idempotency.module';
import { PersistenceModule } from './shared/persistence/persistence.module';
import { ReadinessModule } from './shared/readiness/readiness-checks';

@Module({
  imports: [
    ConfigModule,
    ReadinessModule,
    CqrsModule.forRoot(),
    PersistenceModule,
    CheckoutModule,
    EventsModule,
    OpsModule,
    IdempotencyModule,
    DemoModule,
  ],
})
export class AppModule {}
