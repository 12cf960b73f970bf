/**
 * Follows the checkout events on JetStream with a durable consumer: prints each event (its
 * CloudEvents envelope) as one JSON line on stdout, acknowledges it, and after a restart resumes
 * after the last acknowledged event. A new durable consumer starts with the events published from
 * now on; `--from-start` makes it replay the whole stream first.
 *   npm run -s consume -- --durable my-mailer
 *   npm run -s consume -- --durable my-mailer --type checkout.AbandonedCartCandidate
 *   npm run -s consume -- --durable my-audit --from-start
 * (`-s` keeps npm's banner out of stdout, so it holds nothing but the events.)
 * NATS_URL selects the server (default nats://127.0.0.1:4222). Ctrl-C stops it cleanly.
 */
import { parseArgs } from 'node:util';
import { AckPolicy, connect, DeliverPolicy, NatsError } from 'nats';
import { CHECKOUT_EVENT_TYPES } from '../src/checkout/domain/checkout.events';
import { Environment, natsServers } from '../src/config/environment';
import { ensureStream, STREAM_NAME } from '../src/events/jetstream-publisher';

const { values } = parseArgs({
  options: {
    durable: { type: 'string' },
    type: { type: 'string' },
    'from-start': { type: 'boolean', default: false },
  },
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
    servers: natsServers(process.env.NATS_URL || 'nats://127.0.0.1:4222'),
    name: `checkout consume ${durableName}`,
    maxReconnectAttempts: -1,
  });
  const jsm = await connection.jetstreamManager();
  const defaults = new Environment();
  await ensureStream(jsm, {
    duplicateWindowSeconds: defaults.NATS_DUPLICATE_WINDOW_SECONDS,
    maxAgeHours: defaults.NATS_STREAM_MAX_AGE_HOURS,
    replicas: defaults.NATS_STREAM_REPLICAS,
  });

  // The durable consumer keeps the position on the server, so a restart resumes where it stopped.
  const existing = await jsm.consumers.info(STREAM_NAME, durableName).catch((error: unknown) => {
    if (error instanceof NatsError && error.api_error?.err_code === 10014) return undefined;
    throw error;
  });
  // Where a consumer starts is fixed when it is created: JetStream cannot change it later.
  const fromStart = values['from-start'];
  if (!existing) {
    await jsm.consumers.add(STREAM_NAME, {
      durable_name: durableName,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: fromStart ? DeliverPolicy.All : DeliverPolicy.New,
      filter_subject: filter,
    });
  } else if (existing.config.filter_subject !== filter) {
    await jsm.consumers.update(STREAM_NAME, durableName, { filter_subject: filter });
  }
  const start = existing
    ? 'resuming after its last acknowledged event'
    : fromStart
      ? 'from the start of the stream'
      : 'with events published from now on';
  console.error(`Consuming ${filter} from ${STREAM_NAME} as durable "${durableName}", ${start}`);
  if (existing && fromStart) {
    console.error(`--from-start only applies to a new durable consumer: pick a new --durable name`);
  }

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
