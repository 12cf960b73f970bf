import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { CheckoutModule } from '../checkout/checkout.module';
import { AppConfig } from '../config/app-config';
import { EventsModule } from '../events/events.module';
import { RateLimitMetricsModule } from '../shared/http/rate-limit/rate-limit.metrics';
import { HealthController } from './health.controller';
import { HttpMetrics } from './http-metrics';
import { loggerParams } from './logging';
import { MetricsController } from './metrics.controller';

/** What operators need: health probes, Prometheus metrics and structured logs. */
@Module({
  imports: [
    CheckoutModule,
    EventsModule,
    RateLimitMetricsModule,
    TerminusModule.forRoot(),
    LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: loggerParams }),
  ],
  controllers: [HealthController, MetricsController],
  providers: [HttpMetrics],
})
export class OpsModule {}
