import { EventEmitter } from 'node:events';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { messages as pgMessages, parse, PGlite, protocol, Results } from '@electric-sql/pglite';
import { Mutex } from 'async-mutex';
import { getPGliteInstance, PGliteDriver } from 'typeorm-pglite';
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

    /** Also takes pg's `{ name, text, values }` form: a named statement is prepared once. */
    query(
      statement: string | { name?: string; text: string; values?: unknown[] },
      params?: unknown[],
      callback?: Callback,
    ): Promise<{ rows: unknown[] }> {
      if (typeof statement !== 'string' && statement.name) {
        const { name, text, values = [] } = statement;
        return this.lease.runExclusive(async () =>
          preparedStatementsOf(await getPGliteInstance()).run(name, text, values),
        );
      }
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

const { serialize } = protocol;
type RowDescription = InstanceType<typeof pgMessages.RowDescriptionMessage>;
type ParameterDescription = InstanceType<typeof pgMessages.ParameterDescriptionMessage>;
interface Prepared {
  readonly paramTypes: readonly number[];
  /** What a run returns; none for a statement without rows. */
  readonly rowDescription?: RowDescription;
}

const preparedByInstance = new WeakMap<PGlite, PreparedStatements>();
function preparedStatementsOf(db: PGlite): PreparedStatements {
  let statements = preparedByInstance.get(db);
  if (!statements) preparedByInstance.set(db, (statements = new PreparedStatements(db)));
  return statements;
}

/**
 * Named prepared statements on PGlite, which has no API for them. Its `query()` sends Parse,
 * Describe, Bind, Describe, Execute and Sync on every call, each a separate exchange with the
 * WebAssembly backend, which parses and plans the text every time. A statement here is parsed
 * and described once per database; a run is one Bind, Execute, Sync exchange, several times
 * cheaper for the checkout load (docs/performance.md). Values are serialized and rows parsed with
 * PGlite's own type handlers, as its `query()` does.
 */
class PreparedStatements {
  private readonly statements = new Map<string, Prepared>();

  constructor(private readonly db: PGlite) {}

  run(name: string, text: string, values: readonly unknown[]): Promise<Results> {
    return this.db.runExclusive(async () => {
      const statement = this.statements.get(name) ?? (await this.prepare(name, text));
      const serialized = values.map((value, index) => {
        if (value === null || value === undefined) return null;
        const serializer = this.db.serializers[statement.paramTypes[index]!];
        return serializer ? serializer(value) : (value as { toString(): string }).toString();
      });
      const { messages } = await this.db.execProtocol(
        concat([serialize.bind({ statement: name, values: serialized }), EXECUTE, SYNC]),
      );
      const described = statement.rowDescription
        ? [statement.rowDescription, ...messages]
        : messages;
      return parse.parseResults(described, this.db.parsers)[0]!;
    });
  }

  private async prepare(name: string, text: string): Promise<Prepared> {
    const { messages } = await this.db.execProtocol(
      concat([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), SYNC]),
    );
    const parameters = messages.find((m) => m.name === 'parameterDescription') as
      ParameterDescription | undefined;
    const prepared: Prepared = {
      paramTypes: parameters?.dataTypeIDs ?? [],
      rowDescription: messages.find((m) => m.name === 'rowDescription') as
        RowDescription | undefined,
    };
    this.statements.set(name, prepared);
    return prepared;
  }
}

const EXECUTE = serialize.execute({});
const SYNC = serialize.sync();

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * PGlite's own start parameters, with 64 MB of shared buffers instead of PostgreSQL's 128 MB: a
 * database opens faster and the process does not carry the larger buffer pool, which an embedded
 * database of one service does not fill (docs/performance.md).
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=64MB'];

function pgliteOptions(dataDir: string): {
  dataDir: string;
  loadDataDir?: Blob;
  startParams: string[];
} {
  return { ...pgliteData(dataDir), startParams: START_PARAMS };
}

/** A new database starts from the schema template when there is one (see embedded-template.ts). */
function pgliteData(dataDir: string): { dataDir: string; loadDataDir?: Blob } {
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
