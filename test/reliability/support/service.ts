import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { signToken } from '../../../src/shared/auth/token-signer';
import { startBuiltService } from '../../support/built-service';
import { runDirectory } from './report';

/**
 * The compiled service (`node dist/server.js`, as `npm run start:prod` runs it) as child
 * processes on a database of their own, attacked over real HTTP on loopback. Everything here is
 * bounded: every request has a client timeout, every wait a deadline.
 */
export const JWT = {
  secret: 'reliability-suite-secret-0123456789abcdef',
  issuer: 'checkout-service',
  audience: 'checkout-api',
};
export const CHANNEL = 1;
/** A request that has not answered after this long counts as a hang. */
export const CLIENT_TIMEOUT_MS = 15_000;

export const FULL = process.env.RELIABILITY_FULL === '1';
/** CI subset or full size. */
export const size = (ci: number, full: number): number => (FULL ? full : ci);
export const NATS_URL = process.env.NATS_TEST_URL ?? 'nats://127.0.0.1:4222';

export const delay = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

export const merchantToken = (sub: string): string =>
  signToken({ role: 'merchant', sub, channelId: CHANNEL, expiresInSeconds: 4 * 3600 }, JWT);

// ---------------------------------------------------------------------------------------------
// Database

/** A fresh database on the local server for one test file; `drop` removes it. */
export interface TestDatabase {
  name: string;
  url: string;
  /** A client on the test database (for outbox reads and fault injection). */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** A statement on the server's maintenance database (pg_terminate_backend and the like). */
  admin<T>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

export async function freshDatabase(tag: string): Promise<TestDatabase> {
  const server = process.env.RELIABILITY_DATABASE_URL!;
  const name = `checkout_reliability_${process.env.RELIABILITY_DB_PREFIX ?? process.pid}_${tag}`;
  const once = async <T>(url: string, sql: string, params?: unknown[]): Promise<T[]> => {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  await once(server, `CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    query: (sql, params) => once(url.toString(), sql, params),
    admin: (sql, params) => once(server, sql, params),
    drop: () => once(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined),
  };
}

export interface OutboxRow {
  id: string;
  sequence: string;
  aggregate_version: number;
  type: string;
  payload: { contact?: { firstName?: string } };
}

export function outboxOf(database: TestDatabase, checkoutId: string): Promise<OutboxRow[]> {
  return database.query<OutboxRow>(
    `SELECT id, sequence, aggregate_version, type, payload FROM outbox
      WHERE aggregate_id = $1 ORDER BY sequence`,
    [checkoutId],
  );
}

// ---------------------------------------------------------------------------------------------
// Service processes

export interface Service {
  readonly port: number;
  readonly base: string;
  readonly child: ChildProcess;
  /** The whole log, in the run's folder. */
  readonly logFile: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts one instance on `databaseUrl` and waits until `/health/ready` answers 200. */
export async function startService(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<Service> {
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['NATS_URL', 'DATA_DIR', 'TEST_DATABASE_URL']) delete inherited[name];
  const { service } = await startBuiltService({
    env: {
      ...inherited,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: JWT.secret,
      DEMO_SEED: 'false',
      // 32 writers on one checkout share a token: far past the production per-caller limit.
      RATE_LIMIT_MAX: '1000000',
      RATE_LIMIT_MERCHANT_MAX: '1000000',
      ...env,
    },
    logDirectory: runDirectory(),
    readyTimeoutMs: 40_000,
  });
  return {
    port: service.port,
    base: service.baseUrl,
    child: service.child,
    logFile: service.logFile,
    output: () => service.output(),
    stop: async () => {
      await service.stop();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The compiled service must be current

export { ensureBuilt } from '../../support/built-service';
