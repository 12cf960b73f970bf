import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { DataSource, QueryRunner, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { ConcurrentModificationError } from '../domain/domain-error';
import { DomainEvent } from '../domain/domain-event';

interface PoolLike {
  query(statement: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * SQL text -> prepared statement name. Named after a hash of the text, so the name is the same
 * for every user of a pooled connection (PostgreSQL refuses one name for two texts). Every
 * statement of this service is a constant, so the map stays small.
 */
const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `q_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    statementNames.set(sql, name);
  }
  return name;
}

interface TransactionScope {
  readonly runner: QueryRunner;
  /** What runs once the transaction has committed, in order: event publication, caches. */
  readonly afterCommit: (() => void)[];
}

/**
 * The connection of a transaction died under it: TypeORM releases a query runner as soon as its
 * pg client reports a lost connection, and every later statement (COMMIT included) is refused
 * before reaching the server, so nothing of the transaction was committed. SQLSTATE class 08
 * (connection exception): the problem-details filter answers 503 with Retry-After.
 */
export class TransactionConnectionLostError extends Error {
  readonly code = '08006';
  constructor(options?: { cause?: unknown }) {
    super('The database connection was lost during the transaction', options);
    this.name = 'TransactionConnectionLostError';
  }
}

/** How a use case asks for "retry me if I lost a race": the port the checkout module depends on. */
export abstract class Transactions {
  abstract retryOnConflict<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * Runs statements on the database, inside the caller's transaction when there is one, and hands
 * stored events to in-process subscribers only after they are committed.
 *
 * Writes are optimistic by default: one versioned statement, no transaction held across round
 * trips. When that loses a race, `retryOnConflict` runs the work once more in a transaction whose
 * loads lock the row (see `locking`), which cannot lose again, so an unversioned request never
 * surfaces a spurious conflict and never overwrites a concurrent change.
 */
@Injectable()
export class StatementRunner extends Transactions {
  private readonly scope = new AsyncLocalStorage<TransactionScope>();
  /** Transactions running now; with none, `scope` is disabled (see `transaction`). */
  private running = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly eventBus: EventBus,
  ) {
    super();
  }

  /** True inside a transaction: loads must lock the rows they will write (`FOR UPDATE`). */
  get locking(): boolean {
    return this.scope.getStore() !== undefined;
  }

  /** Runs one statement and returns its rows. */
  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const scope = this.scope.getStore();
    if (scope) return (await scope.runner.query(sql, params)) as T[];
    // Outside a transaction, skip the query-runner machinery: straight to the pool, as a named
    // prepared statement so PostgreSQL parses and plans it once per connection, not per request.
    const pool = (this.dataSource.driver as unknown as { master: PoolLike }).master;
    return (await pool.query({ name: statementName(sql), text: sql, values: params })).rows as T[];
  }

  /** Publishes events of a committed write; inside a transaction, after that transaction commits. */
  committed(events: DomainEvent[]): void {
    this.afterCommit(() => {
      this.eventBus.publishAll(events);
    });
  }

  /**
   * Runs `callback` once what was written so far is committed: at once outside a transaction,
   * after the commit inside one, never if it rolls back.
   */
  afterCommit(callback: () => void): void {
    const scope = this.scope.getStore();
    if (scope) scope.afterCommit.push(callback);
    else callback();
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    const scope: TransactionScope = { runner, afterCommit: [] };
    this.running += 1;
    try {
      await runner.connect();
      await runner.startTransaction();
      const result = await this.scope.run(scope, work);
      await runner.commitTransaction();
      for (const callback of scope.afterCommit) callback();
      return result;
    } catch (error) {
      if (error instanceof QueryRunnerAlreadyReleasedError) {
        throw new TransactionConnectionLostError({ cause: error });
      }
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      // An AsyncLocalStorage that ran once keeps Node's promise hooks on for good, a cost on
      // every promise of every request; transactions are rare (a lost race), so the hooks are
      // turned off again when the last one ends.
      if (--this.running === 0) this.scope.disable();
      await runner.release();
    }
  }

  /** Runs `work` optimistically; if it lost a race, once more in a locking transaction. */
  async retryOnConflict<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ConcurrentModificationError) || this.locking) throw error;
      return this.transaction(work);
    }
  }
}
