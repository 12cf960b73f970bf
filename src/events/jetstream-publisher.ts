import { Logger } from '@nestjs/common';
import {
  connect,
  DiscardPolicy,
  Events,
  headers,
  JetStreamClient,
  JetStreamManager,
  nanos,
  NatsConnection,
  NatsError,
  PubAck,
  RetentionPolicy,
  StorageType,
  StreamInfo,
} from 'nats';
import { natsServers } from '../config/environment';
import { encodeCloudEvent, OutboxEvent, subjectOf } from './cloud-event';

export const STREAM_NAME = 'CHECKOUT';
export const STREAM_SUBJECTS = ['checkout.>'];

export interface StreamSettings {
  duplicateWindowSeconds: number;
  maxAgeHours: number;
  /** Copies of the stream in a JetStream cluster (NATS_STREAM_REPLICAS). */
  replicas: number;
}

/** How long one publish waits for JetStream's acknowledgement before the relay retries it. */
const PUBLISH_TIMEOUT_MS = 5000;

/**
 * Creates the CHECKOUT stream when it is missing, and returns the stream as it is. An existing
 * stream is left as it is, its replica count included: it may be managed by operators, and
 * changing limits under running consumers is their call, not ours. Raising replicas in place is
 * not even safe on every NATS server: in the cluster test, a stream raised from one replica to
 * three lost acknowledged messages when its leader was later killed (docs/events.md).
 */
export async function ensureStream(
  jsm: JetStreamManager,
  settings: StreamSettings,
): Promise<StreamInfo> {
  try {
    return await jsm.streams.info(STREAM_NAME);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  try {
    return await jsm.streams.add({
      name: STREAM_NAME,
      subjects: STREAM_SUBJECTS,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      // Redeliveries after a crash between ack and mark must land inside this window to be dropped.
      duplicate_window: nanos(settings.duplicateWindowSeconds * 1000),
      max_age: nanos(settings.maxAgeHours * 3600 * 1000),
      num_replicas: settings.replicas,
    });
  } catch (error) {
    // Another instance may have created it between our info and add; if not, this fails again.
    return jsm.streams.info(STREAM_NAME).catch((retry: unknown) => {
      throw error instanceof Error ? error : retry;
    });
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof NatsError && error.api_error?.err_code === 10059;
}

/**
 * The relay's side of NATS: one connection that reconnects forever once established, the stream,
 * and acknowledged publishes. `ready` is false while the broker is unreachable, so the relay
 * claims nothing it could not publish.
 */
export class JetStreamPublisher {
  private readonly logger = new Logger('JetStreamPublisher');
  private connection?: NatsConnection;
  private js?: JetStreamClient;
  private connected = false;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly settings: StreamSettings,
    private readonly onReconnect: () => void,
  ) {}

  get ready(): boolean {
    return this.connected && this.js !== undefined;
  }

  /**
   * One attempt to connect and make sure the stream exists; the relay calls it again with backoff.
   * After the first success the client itself reconnects, for as long as the service runs.
   */
  async open(): Promise<void> {
    if (this.connection) return;
    const connection = await connect({
      servers: natsServers(this.url),
      name: 'checkout-service outbox relay',
      timeout: 5000,
      waitOnFirstConnect: false,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      reconnectJitter: 200,
      // Only ever the configured addresses: a proxy or load balancer in front of NATS stays in the path.
      ignoreClusterUpdates: true,
    });
    try {
      const stream = await ensureStream(await connection.jetstreamManager(), this.settings);
      const replicas = stream.config.num_replicas;
      if (replicas !== this.settings.replicas) {
        this.logger.warn(
          `Stream ${STREAM_NAME} has ${replicas} replicas, NATS_STREAM_REPLICAS is ${this.settings.replicas}: left as it is`,
        );
      }
    } catch (error) {
      await connection.close();
      throw error;
    }
    if (this.closed) {
      await connection.close();
      return;
    }
    this.connection = connection;
    this.js = connection.jetstream();
    this.connected = true;
    void this.watch(connection);
  }

  private async watch(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (status.type === Events.Disconnect) this.connected = false;
      if (status.type === Events.Reconnect) {
        this.connected = true;
        this.onReconnect();
      }
    }
    this.connected = false;
  }

  async publish(event: OutboxEvent): Promise<PubAck> {
    if (!this.js) throw new Error('Not connected to NATS');
    const messageHeaders = headers();
    messageHeaders.set('Content-Type', 'application/cloudevents+json; charset=utf-8');
    return this.js.publish(subjectOf(event), encodeCloudEvent(event), {
      msgID: event.id,
      headers: messageHeaders,
      timeout: PUBLISH_TIMEOUT_MS,
    });
  }

  /** Readiness: rejects unless the broker answers a round trip now. */
  async check(): Promise<void> {
    const connection = this.connection;
    if (!connection || !this.connected) throw new Error('NATS is not connected');
    const rtt = connection.rtt();
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('NATS did not answer within 2 s')), 2000).unref(),
    );
    await Promise.race([rtt, timeout]);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.connected = false;
    const connection = this.connection;
    this.connection = undefined;
    this.js = undefined;
    await connection?.close();
  }
}
