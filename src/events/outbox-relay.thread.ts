import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import { OutboxRelaySettings } from './outbox-relay';
import { OutboxRelayMetrics } from './outbox-relay.metrics';

export type ToRelay =
  | { kind: 'wake' }
  | { kind: 'check'; id: number }
  | { kind: 'prune'; id: number }
  | { kind: 'stop'; id: number };

export type FromRelay =
  | { kind: 'published'; type: string; occurredAt: number; duplicate: boolean }
  | { kind: 'failed' }
  | { kind: 'pruned'; count: number }
  | { kind: 'answer'; id: number; value?: unknown; error?: string }
  | {
      kind: 'log';
      level: 'log' | 'error' | 'warn' | 'debug' | 'verbose';
      message: string;
      context: string;
    };

const RESTART_AFTER_MS = 1000;
/**
 * The relay's heap holds one batch at a time. With V8's defaults the thread added ~40 MB to the
 * service's peak RSS (237–249 MB under load); with these, ~20 MB (207–214 MB).
 */
const RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 48 };

/**
 * The outbox relay on PostgreSQL, in a worker thread of its own. In the service's thread every
 * round trip of a relay cycle (claim, publish, mark, commit) waited behind the requests at peak:
 * the lag from commit to JetStream ack reached p99 170–260 ms on a 2-core machine; here it is
 * p99 80–130 ms under the same load. The thread has its own connections to PostgreSQL
 * and NATS; this side wakes it after each commit, forwards its logs and metrics, and restarts it
 * if it dies.
 */
export class OutboxRelayThread {
  private readonly logger = new Logger('OutboxRelay');
  private worker?: Worker;
  private stopping = false;
  private wakeQueued = false;
  private nextId = 0;
  private readonly waiting = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void }
  >();

  constructor(
    private readonly settings: OutboxRelaySettings,
    readonly metrics: OutboxRelayMetrics,
  ) {}

  start(): void {
    if (this.worker || this.stopping) return;
    const worker = spawn(this.settings);
    this.worker = worker;
    worker.on('message', (message: FromRelay) => this.receive(message));
    worker.on('error', (error) => this.logger.error(`Relay thread failed: ${error.message}`));
    worker.on('exit', (code) => {
      this.worker = undefined;
      for (const { reject } of this.waiting.values()) reject(new Error('relay thread exited'));
      this.waiting.clear();
      if (this.stopping) return;
      this.logger.warn(`Relay thread exited (${code}); restarting in ${RESTART_AFTER_MS} ms`);
      setTimeout(() => this.start(), RESTART_AFTER_MS).unref();
    });
  }

  /** New rows were committed: relay them now. One message for the events of one commit. */
  wake(): void {
    if (this.wakeQueued) return;
    this.wakeQueued = true;
    queueMicrotask(() => {
      this.wakeQueued = false;
      this.worker?.postMessage({ kind: 'wake' } satisfies ToRelay);
    });
  }

  /** Readiness of the broker as the relay sees it. */
  async check(): Promise<void> {
    await this.ask('check');
  }

  /** Deletes published rows older than the retention; returns how many. */
  async pruneNow(): Promise<number> {
    return (await this.ask('prune')) as number;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const worker = this.worker;
    if (!worker) return;
    await this.ask('stop').catch(() => undefined);
    await worker.terminate();
  }

  private ask(kind: 'check' | 'prune' | 'stop'): Promise<unknown> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('the relay thread is not running'));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ kind, id } satisfies ToRelay);
    });
  }

  private receive(message: FromRelay): void {
    switch (message.kind) {
      case 'published':
        this.metrics.published(message.type, new Date(message.occurredAt), message.duplicate);
        break;
      case 'failed':
        this.metrics.failed();
        break;
      case 'pruned':
        this.metrics.pruned(message.count);
        break;
      case 'log':
        new Logger(message.context)[message.level](message.message);
        break;
      case 'answer': {
        const waiter = this.waiting.get(message.id);
        this.waiting.delete(message.id);
        if (message.error === undefined) waiter?.resolve(message.value);
        else waiter?.reject(new Error(message.error));
        break;
      }
    }
  }
}

/** The compiled service runs the worker's .js; tests run from TypeScript sources through SWC. */
function spawn(settings: OutboxRelaySettings): Worker {
  const options = { workerData: settings, resourceLimits: RESOURCE_LIMITS };
  const entry = join(__dirname, `outbox-relay.worker${extname(__filename)}`);
  if (entry.endsWith('.ts')) {
    return new Worker(`require('@swc-node/register'); require(${JSON.stringify(entry)});`, {
      ...options,
      eval: true,
    });
  }
  return new Worker(entry, options);
}
