import { Logger } from '@nestjs/common';
import { Pool, PoolClient, QueryResult } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import {
  CONNECT_TIMEOUT_MS,
  DatabaseClient,
  SESSION_LIMITS,
} from '../shared/persistence/data-source-options';
import { OutboxEvent } from './cloud-event';
import { JetStreamPublisher, StreamSettings } from './jetstream-publisher';
import { OutboxRelayMetrics } from './outbox-relay.metrics';
import {
  claim,
  claimWithLimit,
  markPublished,
  markPublishedWithIds,
  OutboxRow,
  Query,
  toOutboxEvents,
} from './outbox-store';

export interface OutboxRelaySettings {
  natsUrl: string;
  batchSize: number;
  pollIntervalMs: number;
  stream: StreamSettings;
  /** Where the outbox is: on PostgreSQL the relay opens its own connection (see `relayBatch`). */
  database: AppConfig['database'];
}

const MAX_BACKOFF_MS = 10_000;

/**
 * Moves outbox rows to JetStream: claim a batch, publish each event and await its ack, then mark
 * the acknowledged rows published. A crash between ack and mark publishes again on the next
 * claim; the `Nats-Msg-Id` header (the event id) lets JetStream drop that copy.
 *
 * Wakes on `wake()` (the service calls it after each commit that stored events), on reconnect
 * to the broker, and on a slow poll, which also picks up rows other instances wrote.
 */
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');
  private readonly publisher: JetStreamPublisher;
  /** PostgreSQL: the relay's own connection, outside the request pool (see `relayBatch`). */
  private readonly pool?: Pool;
  private loop?: Promise<void>;
  private stopping = false;
  private woken = false;
  private wakeSleeper?: () => void;
  /** A batch claimed with the previous batch's mark, to publish next. */
  private next?: Batch;
  private failures = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: OutboxRelaySettings,
    readonly metrics: OutboxRelayMetrics,
  ) {
    this.publisher = new JetStreamPublisher(settings.natsUrl, settings.stream, () =>
      this.interrupt(),
    );
    if (settings.database.kind === 'postgres') {
      this.pool = new Pool({
        connectionString: settings.database.url,
        max: 1,
        Client: DatabaseClient,
        application_name: 'checkout-service-relay',
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        ...SESSION_LIMITS,
      });
      // A dead idle connection is logged by DatabaseClient; the pool replaces it on next use.
      this.pool.on('error', () => undefined);
    }
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** New rows were committed: relay them now, unless the relay is backing off after failures. */
  wake(): void {
    this.woken = true;
    if (this.failures === 0) this.wakeSleeper?.();
  }

  /** Ends any sleep, a backoff included: on reconnect to the broker, and on stop. */
  private interrupt(): void {
    this.woken = true;
    this.wakeSleeper?.();
  }

  /** Readiness of the broker as the relay sees it. */
  check(): Promise<void> {
    return this.publisher.check();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.interrupt();
    await this.loop;
    await this.publisher.close();
    await this.pool?.end();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let relayed = 0;
      try {
        await this.publisher.open();
        if (this.publisher.ready) {
          relayed = await this.relayBatch();
        } else {
          await this.releaseNext();
        }
        if (this.failures > 0) this.logger.log(`Relaying again after ${this.failures} failures`);
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        this.metrics.failed();
        // One warning per outage, not one per retry.
        if (this.failures === 1) this.logger.warn(`Relay failed, retrying: ${String(error)}`);
        await this.releaseNext();
        await this.sleep(this.backoff(), false);
        continue;
      }
      // A batch in hand, or a full batch that may have left more behind it: go again. A smaller
      // one took everything there was; rows committed since woke the relay, so the sleep returns
      // at once for them.
      if (!this.next && relayed < this.settings.batchSize) {
        await this.sleep(this.settings.pollIntervalMs);
      }
    }
    await this.releaseNext();
  }

  /**
   * One batch: claim, publish, mark. On PostgreSQL the claim's row locks are held in a transaction
   * across the publishes, so concurrent relays (other instances) skip these checkouts. That
   * transaction runs on the relay's own connection: on a request-pool connection it queued behind
   * every request at peak (a quarter of its cycle went to waiting for one) while holding one of the
   * requests' connections across the publishes. The embedded database has one connection and one
   * process, hence one relay: it claims without holding the connection, so requests are never
   * queued behind a publish waiting on the broker.
   */
  async relayBatch(): Promise<number> {
    const batch =
      this.next ??
      (this.pool
        ? await claimInTransaction(this.pool, this.settings.batchSize)
        : await this.claimEmbedded());
    this.next = undefined;
    let outcome: { acked: string[]; error?: Error };
    try {
      outcome = await this.publishInOrder(batch.events);
      // Rows committed since this claim woke the relay: claim them with this mark.
      const chain = this.woken && !this.stopping && outcome.error === undefined;
      if (chain) this.woken = false;
      this.next = await this.markPublished(batch, outcome.acked, chain);
    } catch (error) {
      await batch.abandon();
      throw error;
    }
    if (this.next?.events.length === 0) {
      const empty = this.next;
      this.next = undefined;
      await empty.complete([]);
    }
    if (outcome.error) throw outcome.error;
    return outcome.acked.length;
  }

  private async claimEmbedded(): Promise<Batch> {
    const query: Query = (sql, params) => this.dataSource.query(sql, params);
    return {
      events: await claim(query, this.settings.batchSize),
      complete: async (ids) => {
        await markPublished(query, ids);
        return undefined;
      },
      abandon: () => Promise.resolve(),
    };
  }

  /**
   * Marks acknowledged events published, ending the batch; with `chain`, claims the next batch in
   * the same round trip where the store can. A seam for tests: crash before it.
   */
  markPublished(batch: Batch, ids: string[], chain = false): Promise<Batch | undefined> {
    return batch.complete(ids, chain ? this.settings.batchSize : undefined);
  }

  /**
   * Checkouts in parallel, each checkout's events one after another: the next event of a checkout
   * is sent only after the previous one is acknowledged, and a failure stops that checkout there,
   * so the stream never holds a later event of a checkout without every earlier one.
   */
  private async publishInOrder(events: OutboxEvent[]): Promise<{ acked: string[]; error?: Error }> {
    const byCheckout = new Map<string, OutboxEvent[]>();
    for (const event of events) {
      const list = byCheckout.get(event.aggregateId) ?? [];
      list.push(event);
      byCheckout.set(event.aggregateId, list);
    }
    const acked: string[] = [];
    let firstError: Error | undefined;
    await Promise.all(
      [...byCheckout.values()].map(async (checkoutEvents) => {
        for (const event of checkoutEvents) {
          try {
            const ack = await this.publisher.publish(event);
            this.metrics.published(event.type, event.occurredAt, ack.duplicate);
            acked.push(event.id);
          } catch (error) {
            firstError ??= error instanceof Error ? error : new Error(String(error));
            return;
          }
        }
      }),
    );
    return { acked, error: firstError };
  }

  private async releaseNext(): Promise<void> {
    const next = this.next;
    this.next = undefined;
    await next?.abandon();
  }

  private backoff(): number {
    const base = Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(this.failures - 1, 10));
    return base / 2 + Math.random() * (base / 2);
  }

  private async sleep(ms: number, wakeable = true): Promise<void> {
    if (this.stopping || (wakeable && this.woken)) {
      this.woken = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeSleeper = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeSleeper = undefined;
    this.woken = false;
  }
}

/** A claimed batch of events, and how to end it. */
export interface Batch {
  readonly events: OutboxEvent[];
  /**
   * Marks these events published and releases the claim. Given `next` (a batch size), the store
   * may also claim the next batch in the same round trip and return it.
   */
  complete(ids: string[], next?: number): Promise<Batch | undefined>;
  /** Releases the claim, marking nothing: after a failure. */
  abandon(): Promise<void>;
}

/**
 * Claims a batch in a transaction on a connection of `pool`. Under load every round trip waits
 * its turn on a busy event loop and a busy server, so a batch costs as few as it can, as
 * multi-statement simple queries (which take no parameters: the limit and the ids are written
 * in): `BEGIN` travels with the claim, and `COMMIT` with the mark, which may carry the next
 * batch's `BEGIN` and claim too. At peak a batch then takes one round trip, not four.
 */
async function claimInTransaction(pool: Pool, limit: number): Promise<Batch> {
  return claimOn(await pool.connect(), '', limit);
}

/** Sends `before`, then `BEGIN` and the claim, in one round trip; the connection goes with the batch. */
async function claimOn(client: PoolClient, before: string, limit: number): Promise<Batch> {
  let released = false;
  /** Runs the transaction's last statement and gives the connection back, or discards a broken one. */
  const finish = async (statement: string): Promise<undefined> => {
    if (released) return undefined;
    released = true;
    let broken: Error | undefined;
    try {
      await client.query(statement);
    } catch (error) {
      broken = await rollback(client);
      throw error;
    } finally {
      client.release(broken);
    }
    return undefined;
  };
  const abandon = (): Promise<void> => finish('ROLLBACK').catch(() => undefined);
  let rows: OutboxRow[];
  try {
    const results = (await client.query(
      `${before}BEGIN;${claimWithLimit(limit)}`,
    )) as unknown as QueryResult<OutboxRow>[];
    rows = results.at(-1)!.rows;
  } catch (error) {
    await abandon();
    throw error;
  }
  return {
    events: toOutboxEvents(rows),
    complete: (ids, next) => {
      const end = ids.length > 0 ? `${markPublishedWithIds(ids)}; COMMIT;` : 'COMMIT;';
      if (next === undefined || released) return finish(end);
      released = true; // the connection passes to the next batch
      return claimOn(client, end, next);
    },
    abandon,
  };
}

/** Rolls back; the error when the connection cannot even do that (the pool then discards it). */
async function rollback(client: PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
