import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { IdempotencyKeyPruner } from './idempotency-key.pruner';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/** Makes every write (POST, PUT) safe to retry with an Idempotency-Key header. */
@Module({
  providers: [{ provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }, IdempotencyKeyPruner],
})
export class IdempotencyModule {}
