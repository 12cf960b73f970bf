import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';

/** One database session: a connection of its own on PostgreSQL. `close` may be called again. */
export interface Session {
  query(sql: string, params: unknown[]): Promise<unknown[]>;
  /** Several statements, without parameters (DDL). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

const postgresUrl = process.env.DATABASE_URL;

/** Tests that need sessions of their own (locks, concurrent transactions): PostgreSQL only. */
export const onPostgres = postgresUrl ? it : it.skip;

let embedded: PGlite | undefined;
let schemas = 0;

/**
 * A schema of the test's own on the run's database: PostgreSQL when the run has one
 * (DATABASE_URL, set by the test global setup), else one embedded PGlite per test file, where every
 * session is the same connection. Relays and tests of other files, which share the database, never
 * see its tables.
 */
export class PrivateSchema {
  readonly name: string;
  private readonly sessions: Session[] = [];

  constructor(prefix: string) {
    this.name = `${prefix}_${process.pid}_${Date.now()}_${(schemas += 1)}`;
  }

  /** Creates the schema, runs `ddl` in it, and returns a session there. */
  async create(ddl = ''): Promise<Session> {
    const admin = await open('public');
    await admin.exec(`CREATE SCHEMA ${this.name}`);
    await admin.close();
    const main = await this.session();
    if (ddl) await main.exec(ddl);
    return main;
  }

  /** A new session whose search path is the schema; closed by `drop`. */
  async session(): Promise<Session> {
    const session = await open(this.name);
    this.sessions.push(session);
    return session;
  }

  async drop(): Promise<void> {
    for (const session of this.sessions.splice(0)) await session.close();
    const admin = await open('public');
    await admin.exec(`DROP SCHEMA ${this.name} CASCADE`);
    await admin.close();
  }
}

/** Closes the file's embedded database, if it opened one (in `afterAll`). */
export async function closeEmbedded(): Promise<void> {
  await embedded?.close();
  embedded = undefined;
}

async function open(schema: string): Promise<Session> {
  if (!postgresUrl) {
    const db = (embedded ??= new PGlite());
    await db.query(`SET search_path TO ${schema}`);
    return {
      query: async (sql, params) => (await db.query(sql, params)).rows,
      exec: async (sql) => void (await db.exec(sql)),
      close: async () => {},
    };
  }
  const client = new Client({ connectionString: postgresUrl });
  await client.connect();
  await client.query(`SET search_path TO ${schema}`);
  let closing: Promise<void> | undefined;
  return {
    query: async (sql, params) => (await client.query(sql, params)).rows as unknown[],
    exec: async (sql) => void (await client.query(sql)),
    close: () => (closing ??= client.end()),
  };
}
