/**
 * Follows the checkout events on JetStream with a durable consumer: prints each event (its
 * CloudEvents envelope) as one JSON line on stdout, acknowledges it, and after a restart resumes
 * after the last acknowledged event.
 *   npm run consume -- --durable my-mailer
 *   npm run consume -- --durable my-mailer --type checkout.AbandonedCartCandidate
 * NATS_URL selects the server (default nats://127.0.0.1:4222). Ctrl-C stops it cleanly.
 */
import { parseArgs } from 'node:util';
import { AckPolicy, connect, DeliverPolicy, NatsError } from 'nats';
import { CHECKOUT_EVENT_TYPES } from '../src/checkout/domain/checkout.events';
import { Environment } from '../src/config/environment';
import { ensureStream, STREAM_NAME } from '../src/events/jetstream-publisher';

const { values } = parseArgs({
  options: { durable: { type: 'string' }, type: { type: 'string' } },
});

const durable = values.durable;
if (!durable || !/^[A-Za-z0-9_-]{1,64}$/.test(durable)) {
  console.error('--durable NAME is required (letters, digits, - and _)');
  process.exit(2);
}
const type = values.type;
if (type !== undefined && !(CHECKOUT_EVENT_TYPES as readonly string[]).includes(type)) {
  console.error(`--type must be one of ${CHECKOUT_EVENT_TYPES.join(', ')}`);
  process.exit(2);
}
const filter = type ?? 'checkout.>';

async function main(durableName: string): Promise<void> {
  const connection = await connect({
    servers: process.env.NATS_URL || 'nats://127.0.0.1:4222',
    name: `checkout consume ${durableName}`,
    maxReconnectAttempts: -1,
  });
  const jsm = await connection.jetstreamManager();
  const defaults = new Environment();
  await ensureStream(jsm, {
    duplicateWindowSeconds: defaults.NATS_DUPLICATE_WINDOW_SECONDS,
    maxAgeHours: defaults.NATS_STREAM_MAX_AGE_HOURS,
  });

  // The durable consumer keeps the position on the server, so a restart resumes where it stopped.
  const existing = await jsm.consumers.info(STREAM_NAME, durableName).catch((error: unknown) => {
    if (error instanceof NatsError && error.api_error?.err_code === 10014) return undefined;
    throw error;
  });
  if (!existing) {
    await jsm.consumers.add(STREAM_NAME, {
      durable_name: durableName,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: filter,
    });
  } else if (existing.config.filter_subject !== filter) {
    await jsm.consumers.update(STREAM_NAME, durableName, { filter_subject: filter });
  }
  console.error(`Consuming ${filter} from ${STREAM_NAME} as durable "${durableName}"`);

  const consumer = await connection.jetstream().consumers.get(STREAM_NAME, durableName);
  const messages = await consumer.consume({ max_messages: 100 });
  const stop = (): void => {
    void messages.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  for await (const message of messages) {
    process.stdout.write(`${message.string()}\n`);
    message.ack();
  }
  // Drain flushes the acknowledgements still in the client's buffer.
  await connection.drain();
}

main(durable).catch((error: unknown) => {
  console.error('consume failed:', error);
  process.exit(1);
});
