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
  prune,
  Query,
  toOutboxEvents,
} from './outbox-store';

export interface OutboxRelaySettings {
  natsUrl: string;
  batchSize: number;
  pollIntervalMs: number;
  retentionHours: number;
  stream: StreamSettings;
  /** Where the outbox is: on PostgreSQL the relay opens its own connection (see `relayBatch`). */
  database: AppConfig['database'];
}

const MAX_BACKOFF_MS = 10_000;
const PRUNE_EVERY_MS = 10 * 60_000;

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
  private lastPrune = 0;
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
          await this.pruneWhenDue();
        }
        if (this.failures > 0) this.logger.log(`Relaying again after ${this.failures} failures`);
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        this.metrics.failed();
        // One warning per outage, not one per retry.
        if (this.failures === 1) this.logger.warn(`Relay failed, retrying: ${String(error)}`);
        await this.sleep(this.backoff(), false);
        continue;
      }
      // A full batch may have left more behind it: go again. A smaller one took everything there
      // was; rows committed since woke the relay, so the sleep returns at once for them.
      if (relayed < this.settings.batchSize) await this.sleep(this.settings.pollIntervalMs);
    }
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
    const batch = this.pool
      ? await claimInTransaction(this.pool, this.settings.batchSize)
      : await this.claimEmbedded();
    let outcome: { acked: string[]; error?: Error };
    try {
      outcome = await this.publishInOrder(batch.events);
      await this.markPublished(batch, outcome.acked);
    } catch (error) {
      await batch.abandon();
      throw error;
    }
    if (outcome.error) throw outcome.error;
    return outcome.acked.length;
  }

  private async claimEmbedded(): Promise<Batch> {
    const query: Query = (sql, params) => this.dataSource.query(sql, params);
    return {
      events: await claim(query, this.settings.batchSize),
      complete: (ids) => markPublished(query, ids),
      abandon: () => Promise.resolve(),
    };
  }

  /** Marks acknowledged events published, ending the batch. A seam for tests: crash before it. */
  async markPublished(batch: Batch, ids: string[]): Promise<void> {
    await batch.complete(ids);
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

  private async pruneWhenDue(): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    await this.pruneNow();
  }

  /** Deletes published rows older than the retention; returns how many. */
  async pruneNow(): Promise<number> {
    const count = await prune(
      (sql, params) => this.dataSource.query(sql, params),
      this.settings.retentionHours,
    );
    this.metrics.pruned(count);
    return count;
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
  /** Marks these events published and releases the claim. */
  complete(ids: string[]): Promise<void>;
  /** Releases the claim, marking nothing: after a failure. */
  abandon(): Promise<void>;
}

/**
 * Claims a batch in a transaction on a connection of `pool`. Under load every round trip waits
 * its turn on a busy event loop and a busy server, so the batch takes two, not four: `BEGIN` goes
 * with the claim and `COMMIT` with the mark, as multi-statement simple queries (which take no
 * parameters: the limit and the ids are written in).
 */
async function claimInTransaction(pool: Pool, limit: number): Promise<Batch> {
  const client = await pool.connect();
  let released = false;
  /** Runs the transaction's last statement and gives the connection back, or discards a broken one. */
  const finish = async (statement: string): Promise<void> => {
    if (released) return;
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
  };
  const abandon = (): Promise<void> => finish('ROLLBACK').catch(() => undefined);
  let rows: OutboxRow[];
  try {
    const results = (await client.query(
      `BEGIN;${claimWithLimit(limit)}`,
    )) as unknown as QueryResult<OutboxRow>[];
    rows = results[1]!.rows;
  } catch (error) {
    await abandon();
    throw error;
  }
  return {
    events: toOutboxEvents(rows),
    complete: (ids) => finish(ids.length > 0 ? `${markPublishedWithIds(ids)}; COMMIT` : 'COMMIT'),
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
