import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp, HttpTimeouts } from '../../src/app.factory';
import { AppConfig } from '../../src/config/app-config';
import { Role } from '../../src/shared/domain/viewer';
import { signToken, TokenRequest } from '../../src/shared/auth/token-signer';

export interface Response {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  json<T = any>(): T;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** A raw payload, sent as is (for malformed JSON, odd content types). */
  payload?: string | Buffer;
}

/** The real application on the test database, driven in-process through Fastify's inject. */
export class TestApp {
  private dropDatabase?: () => Promise<void>;

  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: AppConfig,
  ) {}

  /**
   * The app as configured by the environment, with `env` on top while it starts (the app reads its
   * configuration once, at start); a variable given as undefined keeps its current value.
   */
  static async start(
    timeouts: Partial<HttpTimeouts> = {},
    env: Record<string, string | undefined> = {},
  ): Promise<TestApp> {
    const previous = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
    for (const [name, value] of Object.entries(env))
      if (value !== undefined) process.env[name] = value;
    try {
      const app = await createApp(timeouts);
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      return new TestApp(app, app.get(AppConfig));
    } finally {
      for (const [name, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  }

  /**
   * The app on a database of its own, dropped on close: for tests that assert that NOTHING in the
   * database changed, which other test files writing to the shared run database would break.
   * (On the embedded database every test file has its own database already.)
   */
  static async startIsolated(
    timeouts: Partial<HttpTimeouts> = {},
    env: Record<string, string | undefined> = {},
  ): Promise<TestApp> {
    const database = await isolatedDatabase();
    try {
      const t = await TestApp.start(timeouts, { ...env, DATABASE_URL: database.url });
      t.dropDatabase = database.drop;
      return t;
    } catch (error) {
      await database.drop();
      throw error;
    }
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

  token(request: TokenRequest): string {
    return signToken(request, this.config.jwt);
  }

  merchant(channelId = 1, sub = 'store-backend'): string {
    return this.token({ role: 'merchant', sub, channelId });
  }

  shopper(sub: string, role: Exclude<Role, 'merchant'> = 'guest', email?: string): string {
    return this.token({
      role,
      sub,
      email: role === 'customer' ? (email ?? `${sub}@example.com`) : undefined,
    });
  }

  async request(method: string, url: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload = options.payload;
    if (payload === undefined && options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await this.app.inject({ method: method as 'GET', url, headers, payload });
    return {
      statusCode: response.statusCode,
      headers: response.headers,
      body: response.body,
      json: () => JSON.parse(response.body),
    };
  }

  /** Creates a checkout through the API, as a merchant, for `shopperId`. */
  async createCheckout(
    shopperId: string,
    options: { channelId?: number; lineItems?: unknown[]; currency?: string } = {},
  ): Promise<any> {
    const response = await this.request('POST', '/api/checkouts', {
      token: this.merchant(options.channelId ?? 1),
      body: {
        shopperId,
        currency: options.currency ?? 'USD',
        lineItems: options.lineItems ?? [
          { productId: 'sku-1', name: 'Espresso beans', quantity: 2, unitPrice: 24.5 },
        ],
      },
    });
    if (response.statusCode !== 201)
      throw new Error(`create failed: ${response.statusCode} ${response.body}`);
    return response.json();
  }

  /** The outbox rows of one checkout, in commit order. */
  async outbox(
    checkoutId: string,
  ): Promise<{ type: string; aggregate_version: number; payload: any }[]> {
    return this.dataSource.query(
      'SELECT type, aggregate_version, payload FROM outbox WHERE aggregate_id = $1 ORDER BY sequence',
      [checkoutId],
    );
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.dropDatabase?.();
  }
}

/** A fresh database on the test server (none on the embedded database), and how to drop it. */
export async function isolatedDatabase(): Promise<{ url?: string; drop(): Promise<void> }> {
  const server = process.env.TEST_DATABASE_ADMIN_URL;
  const base = process.env.TEST_DATABASE_NAME;
  if (!server || !base) return { url: undefined, drop: () => Promise.resolve() };
  const name = `${base}_own_${Math.random().toString(36).slice(2, 8)}`;
  const admin = async (sql: string): Promise<void> => {
    const client = new Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A unique shopper id per test, so tests sharing one database never see each other's data. */
export function uniqueShopper(prefix = 'shopper'): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}
