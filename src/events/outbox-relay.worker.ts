import { parentPort, workerData } from 'node:worker_threads';
import { Logger, LoggerService } from '@nestjs/common';
import { OutboxRelay, OutboxRelaySettings } from './outbox-relay';
import type { FromRelay, ToRelay } from './outbox-relay.thread';

/**
 * The outbox relay's worker thread (PostgreSQL only; see outbox-relay.thread.ts). It has its own
 * database connection and NATS connection; logs and metrics go to the service's thread.
 */
const port = parentPort!;
const post = (message: FromRelay): void => port.postMessage(message);

const forward =
  (level: 'log' | 'error' | 'warn' | 'debug' | 'verbose') =>
  (message: unknown, context?: unknown): void =>
    post({
      kind: 'log',
      level,
      message: String(message),
      context: typeof context === 'string' ? context : 'OutboxRelay',
    });
const logger: LoggerService = {
  log: forward('log'),
  error: forward('error'),
  warn: forward('warn'),
  debug: forward('debug'),
  verbose: forward('verbose'),
};
Logger.overrideLogger(logger);

const relay = new OutboxRelay(undefined, workerData as OutboxRelaySettings, {
  published: (type, occurredAt, duplicate) =>
    post({ kind: 'published', type, occurredAt: occurredAt.getTime(), duplicate }),
  failed: () => post({ kind: 'failed' }),
  pruned: (count) => post({ kind: 'pruned', count }),
});

const answer = (id: number, work: Promise<unknown>): void => {
  work.then(
    (value) => post({ kind: 'answer', id, value }),
    (error: unknown) => post({ kind: 'answer', id, error: String(error) }),
  );
};

port.on('message', (message: ToRelay) => {
  switch (message.kind) {
    case 'wake':
      relay.wake();
      break;
    case 'check':
      answer(message.id, relay.check());
      break;
    case 'prune':
      answer(message.id, relay.pruneNow());
      break;
    case 'stop':
      answer(message.id, relay.stop());
      break;
  }
});
relay.start();
