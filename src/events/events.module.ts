import { Module } from '@nestjs/common';
import { AsyncApiController } from './asyncapi.controller';
import { OutboxRelayHost } from './outbox-relay.host';
import { OutboxRelayMetrics } from './outbox-relay.metrics';

/** Checkout events beyond the process: the outbox relay to JetStream and its AsyncAPI document. */
@Module({
  controllers: [AsyncApiController],
  providers: [OutboxRelayMetrics, OutboxRelayHost],
  exports: [OutboxRelayMetrics],
})
export class EventsModule {}
