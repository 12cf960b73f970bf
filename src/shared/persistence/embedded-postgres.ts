import { EventEmitter } from 'node:events';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Mutex } from 'async-mutex';
import { PGliteDriver } from 'typeorm-pglite';
import { copyEmbeddedTemplate, embeddedTemplate } from './embedded-template';

type Callback = (...args: unknown[]) => void;
interface InnerPool {
  connect(callback: Callback): Promise<void>;
  query(sql: string, params?: unknown[], callback?: Callback): Promise<{ rows: unknown[] }>;
  end(callback: Callback): void;
}

/**
 * The embedded PostgreSQL (PGlite) behind TypeORM's postgres dialect.
 *
 * PGlite is one single connection. typeorm-pglite hands that connection to every TypeORM query
 * runner at once, so two transactions would interleave their statements on it. This pool leases
 * the connection exclusively: a query runner holds it from connect to release (a whole
 * transaction), and a pool-level query waits for any lease to end.
 */
export function embeddedPostgresDriver(dataDir: string): { Pool: new () => EventEmitter } {
  const InnerPoolClass = new PGliteDriver(pgliteOptions(dataDir)).driver
    .Pool as unknown as new () => InnerPool;

  class ExclusivePool extends EventEmitter {
    private readonly inner = new InnerPoolClass();
    private readonly lease = new Mutex();

    connect(callback: Callback): void {
      void this.lease.acquire().then((release) => {
        let released = false;
        const done = (): void => {
          if (!released) {
            released = true;
            release();
          }
        };
        // TypeORM treats the client like a pg.Client: an emitter with query() and release().
        const client = Object.assign(new EventEmitter(), {
          query: (sql: string, params?: unknown[], cb?: Callback) =>
            this.inner.query(sql, params, cb),
          release: done,
        });
        void this.inner.connect((error) => {
          if (error) {
            done();
            callback(error, null, () => undefined);
          } else {
            callback(null, client, done);
          }
        });
      });
    }

    /** Also takes pg's `{ text, values }` form; PGlite prepares every statement itself. */
    query(
      statement: string | { text: string; values?: unknown[] },
      params?: unknown[],
      callback?: Callback,
    ): Promise<{ rows: unknown[] }> {
      const [sql, values] =
        typeof statement === 'string' ? [statement, params] : [statement.text, statement.values];
      return this.lease.runExclusive(() => this.inner.query(sql, values, callback));
    }

    end(callback: Callback): void {
      void this.lease.runExclusive(
        () => new Promise<void>((done) => this.inner.end((error) => (callback(error), done()))),
      );
    }
  }
  return { Pool: ExclusivePool };
}

/** A new database starts from the schema template when there is one (see embedded-template.ts). */
function pgliteOptions(dataDir: string): { dataDir: string; loadDataDir?: Blob } {
  if (dataDir.startsWith('memory://')) {
    const template = embeddedTemplate();
    return template
      ? { dataDir, loadDataDir: new Blob([readFileSync(template.tarball)]) }
      : { dataDir };
  }
  const path = resolve(dataDir, 'pglite');
  mkdirSync(resolve(dataDir), { recursive: true });
  copyEmbeddedTemplate(path);
  return { dataDir: path };
}
