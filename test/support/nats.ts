import { createServer, Server, Socket } from 'node:net';
import { connect, ConsumerMessages, DeliverPolicy, NatsConnection } from 'nats';
import { CheckoutCloudEvent } from '../../src/events/cloud-event';
import {
  ensureStream,
  JetStreamPublisher,
  STREAM_NAME,
} from '../../src/events/jetstream-publisher';
import { OutboxRelay } from '../../src/events/outbox-relay';
import { OutboxRelayHost } from '../../src/events/outbox-relay.host';
import { isolatedDatabase, TestApp } from './test-app';

/** The NATS server (with JetStream) the tests may use; CI sets it. Unset: NATS tests are skipped. */
export const NATS_TEST_URL = process.env.NATS_TEST_URL;

/** `describe` when NATS_TEST_URL is set, otherwise a visibly skipped block that says why. */
export const describeWithNats: (name: string, fn: () => void) => void = NATS_TEST_URL
  ? describe
  : (name, fn) => describe.skip(`${name} [skipped: set NATS_TEST_URL to run]`, fn);

export { isolatedDatabase } from './test-app';

/**
 * Starts the app with its outbox relay pointed at `natsUrl` (and on `databaseUrl` if given, with
 * any other variables in `env`).
 */
export function startAppWithNats(
  natsUrl: string,
  databaseUrl?: string,
  env: Record<string, string> = {},
): Promise<TestApp> {
  return TestApp.start({}, { ...env, NATS_URL: natsUrl, DATABASE_URL: databaseUrl });
}

/**
 * What most relay test files start with: the app relaying to NATS on a database of its own, and a
 * watcher on the stream; made before the file's tests, closed (the database dropped) after them.
 * Read `t` and `watcher` inside hooks and tests, not when the file is loaded.
 */
export function relayingAppPerFile(): { readonly t: TestApp; readonly watcher: StreamWatcher } {
  const fixture = {} as { t: TestApp; watcher: StreamWatcher };
  let database: Awaited<ReturnType<typeof isolatedDatabase>> | undefined;
  beforeAll(async () => {
    database = await isolatedDatabase();
    fixture.watcher = await StreamWatcher.start(NATS_TEST_URL!);
    fixture.t = await startAppWithNats(NATS_TEST_URL!, database.url);
  });
  afterAll(async () => {
    await fixture.t?.close();
    await fixture.watcher?.close();
    await database?.drop();
  });
  return fixture;
}

export function relayOf(t: TestApp): OutboxRelayHost {
  return t.app.get(OutboxRelayHost);
}

export interface StreamMessage {
  streamSequence: number;
  natsSubject: string;
  msgId: string | undefined;
  contentType: string | undefined;
  envelope: CheckoutCloudEvent<Record<string, unknown>>;
}

/**
 * Reads the CHECKOUT stream from the moment it starts and keeps only the messages of checkouts
 * this test registered with `watch`: the stream is shared with other tests and other runs.
 */
export class StreamWatcher {
  private readonly watched = new Set<string>();
  private readonly received: StreamMessage[] = [];
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;

  private constructor(private readonly connection: NatsConnection) {}

  static async start(url: string): Promise<StreamWatcher> {
    const connection = await connect({ servers: url, name: 'test stream watcher' });
    await ensureStream(await connection.jetstreamManager(), {
      duplicateWindowSeconds: 3600,
      maxAgeHours: 168,
      replicas: 1,
    });
    const watcher = new StreamWatcher(connection);
    // A little slack for clock skew: older messages are filtered out by checkout id anyway.
    const since = new Date(Date.now() - 5000).toISOString();
    const consumer = await connection.jetstream().consumers.get(STREAM_NAME, {
      // One subject, not a list: filter_subjects needs NATS 2.10, CI runs 2.9.
      filterSubjects: 'checkout.>',
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: since,
    });
    watcher.messages = await consumer.consume();
    watcher.loop = watcher.collect();
    return watcher;
  }

  watch(...checkoutIds: string[]): void {
    for (const id of checkoutIds) this.watched.add(id);
  }

  private async collect(): Promise<void> {
    for await (const message of this.messages!) {
      // Kept whether watched yet or not: a relay may publish before the test knows the id.
      const envelope = message.json<CheckoutCloudEvent<Record<string, unknown>>>();
      this.received.push({
        streamSequence: message.seq,
        natsSubject: message.subject,
        msgId: message.headers?.get('Nats-Msg-Id'),
        contentType: message.headers?.get('Content-Type'),
        envelope,
      });
    }
  }

  /** Messages of one checkout (or of all watched ones), in stream order. */
  of(checkoutId?: string): StreamMessage[] {
    return this.received.filter((m) =>
      checkoutId ? m.envelope?.subject === checkoutId : this.watched.has(m.envelope?.subject),
    );
  }

  /** Waits until `count` messages of the given checkouts arrived; then a short grace for extras. */
  async waitFor(
    checkoutIds: string[],
    count: number,
    timeoutMs = 20_000,
  ): Promise<StreamMessage[]> {
    const ids = new Set(checkoutIds);
    const matching = (): StreamMessage[] =>
      this.received.filter((m) => ids.has(m.envelope?.subject));
    const deadline = Date.now() + timeoutMs;
    while (matching().length < count && Date.now() < deadline) await delay(20);
    await delay(300);
    return matching();
  }

  async close(): Promise<void> {
    await this.messages?.close();
    await this.loop?.catch(() => undefined);
    await this.connection.close();
  }
}

export const delay = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** The relay's next publish, held back from the broker by `holdNextPublish`. */
export interface HeldPublish {
  /** True once the relay waits on the held publish (polled for up to 10 s). */
  reached(): Promise<boolean>;
  /** Lets the held publish go on to the broker. */
  release(): void;
  /** Makes the held publish fail with `error`, as a broker that never acknowledged would. */
  fail(error: Error): void;
  /** Releases it if nothing else did, and puts the real publish back. */
  restore(): void;
}

/** Holds the relay's next publish until the test releases it or makes it fail. */
export function holdNextPublish(relay: OutboxRelay): HeldPublish {
  const publisher = (relay as unknown as { publisher: JetStreamPublisher }).publisher;
  const realPublish = publisher.publish.bind(publisher);
  let held = false;
  let settle!: (error?: Error) => void;
  const outcome = new Promise<Error | undefined>((resolve) => (settle = resolve));
  const spy = jest.spyOn(publisher, 'publish').mockImplementationOnce(async (event) => {
    held = true;
    const error = await outcome;
    if (error) throw error;
    return realPublish(event);
  });
  return {
    async reached() {
      for (let waited = 0; !held && waited < 10_000; waited += 20) await delay(20);
      return held;
    },
    release: () => settle(),
    fail: (error) => settle(error),
    restore() {
      settle();
      spy.mockRestore();
    },
  };
}

/** A TCP proxy in front of NATS that a test can cut and restore, to fake a broker outage. */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  static forUrl(url: string): TcpProxy {
    const parsed = new URL(url);
    return new TcpProxy({ host: parsed.hostname, port: Number(parsed.port || 4222) });
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Cuts every connection and refuses new ones until `start` again (on the same port). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
