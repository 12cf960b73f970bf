import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DEVELOPMENT_JWT_SECRET } from '../../src/config/app-config';
import { MIGRATIONS } from '../../src/migrations';
import { signToken } from '../../src/shared/auth/token-signer';
import { ensureBuilt, freePort, MAIN, ROOT } from '../support/built-service';

/**
 * The compiled service as operators run it (`node dist/server.js`), one child process per
 * instance: start-up, concurrent migrations, graceful shutdown and refusing a bad environment.
 */
const TOKEN = signToken(
  { role: 'merchant', sub: 'store-backend', channelId: 1 },
  { secret: DEVELOPMENT_JWT_SECRET, issuer: 'checkout-service', audience: 'checkout-api' },
);
const NEW_CHECKOUT = {
  shopperId: 'shopper-startup',
  currency: 'USD',
  lineItems: [{ productId: 'sku-1', name: 'Espresso beans', quantity: 2, unitPrice: 24.5 }],
};

jest.setTimeout(60_000);

interface Service {
  port: number;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The test process's environment minus what would point the child at the test database. */
function baseEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' };
  for (const name of ['DATABASE_URL', 'JWT_SECRET', 'NATS_URL', 'PORT', 'DATA_DIR'])
    delete env[name];
  return { ...env, ...overrides };
}

async function start(env: Record<string, string>, nodeArgs: string[] = []): Promise<Service> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [...nodeArgs, MAIN], {
    cwd: ROOT,
    env: baseEnv({ PORT: String(port), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );
  return { port, child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function waitReady(service: Service, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void service.exited.then(() => (gone = true));
  while (Date.now() < deadline && !gone) {
    const status = await fetch(`http://127.0.0.1:${service.port}/health/ready`)
      .then((response) => response.status)
      .catch(() => 0);
    if (status === 200) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`not ready (exited: ${gone}); stderr:\n${service.stderr()}`);
}

async function stop(service: Service): Promise<{ code: number | null; signal: string | null }> {
  if (service.child.exitCode === null) service.child.kill('SIGTERM');
  return service.exited;
}

function api(service: Service, method: string, path: string, body?: unknown, requestId?: string) {
  return fetch(`http://127.0.0.1:${service.port}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(requestId ? { 'x-request-id': requestId } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
}

/** True once nothing listens on the port any more: the server has begun closing. */
async function waitUntilRefused(port: number): Promise<void> {
  for (;;) {
    const refused = await new Promise<boolean>((done) => {
      const socket = createConnection(port, '127.0.0.1');
      socket.on('connect', () => (socket.destroy(), done(false)));
      socket.on('error', () => done(true));
    });
    if (refused) return;
    await new Promise((done) => setTimeout(done, 20));
  }
}

describe('the compiled service', () => {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  beforeAll(() => ensureBuilt(), 120_000);
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  (adminUrl ? it : it.skip)(
    'two instances starting at once on a fresh PostgreSQL database both become ready, and migrate once',
    async () => {
      const name = `checkout_startup_${process.pid}_${Date.now()}`;
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      cleanups.push(async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      });
      const url = new URL(adminUrl!);
      url.pathname = `/${name}`;

      const instances = await Promise.all([
        start({ DATABASE_URL: url.toString() }),
        start({ DATABASE_URL: url.toString() }),
      ]);
      cleanups.push(() => Promise.all(instances.map(stop)));
      await Promise.all(instances.map((instance) => waitReady(instance)));

      const database = new Client({ connectionString: url.toString() });
      await database.connect();
      try {
        const { rows } = await database.query<{ name: string; count: number }>(
          'SELECT name, COUNT(*)::int AS count FROM migrations GROUP BY name ORDER BY name',
        );
        expect(rows.map((row) => row.name).sort()).toEqual(MIGRATIONS.map((m) => m.name).sort());
        expect(rows.every((row) => row.count === 1)).toBe(true);
      } finally {
        await database.end();
      }
      const exits = await Promise.all(instances.map(stop));
      expect(exits).toEqual([
        { code: 0, signal: null },
        { code: 0, signal: null },
      ]);
    },
  );

  it('embedded: SIGTERM finishes the in-flight request, exits 0, and the data survives a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'checkout-startup-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));

    const first = await start({ DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    cleanups.push(() => stop(first));
    await waitReady(first);
    const created = await api(first, 'POST', '/api/checkouts', NEW_CHECKOUT, 'startup-create-1');
    expect(created.status).toBe(201);
    const checkout = (await created.json()) as { id: string };
    // A token a client put in the URL is logged as [Redacted], never as itself.
    const leaky = `/api/storefront/checkouts/${checkout.id}?access_token=${TOKEN}`;
    expect((await api(first, 'GET', leaky, undefined, 'startup-leaky-1')).status).toBe(200);

    // A request whose headers have arrived but whose body has not when SIGTERM comes in.
    const body = JSON.stringify({ ...NEW_CHECKOUT, shopperId: 'shopper-in-flight' });
    const socket = createConnection(first.port, '127.0.0.1');
    let raw = '';
    socket.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    const answered = new Promise<void>((done) => socket.on('close', () => done()));
    socket.write(
      `POST /api/checkouts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${TOKEN}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
        body.slice(0, 10),
    );
    await new Promise((done) => setTimeout(done, 300));
    first.child.kill('SIGTERM');
    await waitUntilRefused(first.port);
    // The rest of the body, and a second request pipelined behind it on the same connection: it
    // arrives after the server began to close, and is refused as a problem, not served.
    socket.end(
      body.slice(10) +
        `GET /api/storefront/checkouts/${checkout.id} HTTP/1.1\r\nHost: localhost\r\n` +
        `Authorization: Bearer ${TOKEN}\r\n\r\n`,
    );
    await answered;
    expect(raw).toMatch(/^HTTP\/1\.1 201 /);
    const [firstAnswer, refused] = raw.split(/(?=HTTP\/1\.1 )/);
    const inFlight = JSON.parse(firstAnswer!.slice(firstAnswer!.indexOf('\r\n\r\n') + 4)) as {
      id: string;
    };
    expect(refused).toMatch(/^HTTP\/1\.1 503 /);
    expect(refused).toMatch(/\r\ncontent-type: application\/problem\+json/i);
    expect(refused).toMatch(/\r\nconnection: close\r\n/i);
    expect(refused).toMatch(/\r\nretry-after: 1\r\n/i);
    expect(JSON.parse(refused!.slice(refused!.indexOf('\r\n\r\n') + 4))).toMatchObject({
      type: expect.stringContaining('shutting-down'),
      status: 503,
      traceId: expect.any(String),
    });

    expect(await first.exited).toEqual({ code: 0, signal: null });

    // Structured logs only: every line is JSON, request lines carry the request id, no secrets.
    expect(first.stderr()).toBe('');
    const lines = first
      .stdout()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const requestLine = lines.find((line) => line.reqId === 'startup-create-1');
    expect(requestLine).toMatchObject({
      level: 30,
      req: { method: 'POST', url: '/api/checkouts', headers: { authorization: '[Redacted]' } },
      res: { statusCode: 201 },
    });
    expect(lines.find((line) => line.reqId === 'startup-leaky-1')).toMatchObject({
      req: { url: `/api/storefront/checkouts/${checkout.id}?access_token=[Redacted]` },
      res: { statusCode: 200 },
    });
    expect(first.stdout()).not.toContain(TOKEN);
    expect(first.stdout()).not.toContain('[Nest]');

    const second = await start({ DATA_DIR: dataDir });
    cleanups.push(() => stop(second));
    await waitReady(second);
    for (const id of [checkout.id, inFlight.id]) {
      const read = await api(second, 'GET', `/api/storefront/checkouts/${id}`);
      expect(read.status).toBe(200);
      expect(((await read.json()) as { id: string }).id).toBe(id);
    }
    expect(await stop(second)).toEqual({ code: 0, signal: null });
  });

  it('serves the OpenAPI document the sources describe, and Swagger UI with its assets', async () => {
    // The built service is a bundle (scripts/bundle.ts): decorators' metadata and the files Swagger
    // UI reads from node_modules must survive it.
    const dataDir = mkdtempSync(join(tmpdir(), 'checkout-startup-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const service = await start({ DATA_DIR: dataDir });
    cleanups.push(() => stop(service));
    await waitReady(service);
    const get = (path: string) => fetch(`http://127.0.0.1:${service.port}${path}`);

    const committed: unknown = JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8'));
    expect(await (await get('/docs-json')).json()).toEqual(committed);
    const page = await get('/docs/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui-bundle.js');
    const script = await get('/docs/swagger-ui-bundle.js');
    expect(script.status).toBe(200);
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });

  it('is one ASCII file that requires none of the packages it holds from node_modules', async () => {
    // A single non-ASCII character makes Node hold the whole 6 MB source as a two-byte string;
    // a package the bundle requires again at run time is a second copy (scripts/bundle.ts).
    const bundle = readFileSync(MAIN, 'utf8');
    expect(bundle.match(/.{0,60}[^\x00-\x7f]/)?.[0]).toBeUndefined();
    const packageOf = (path: string) =>
      /^.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path.replace(/\\/g, '/'))?.[1];
    const bundled = new Set(
      [...bundle.matchAll(/"([^"]*node_modules\/[^"]+)"/g)].map((key) => packageOf(key[1]!)),
    );
    expect(bundled).toContain('typeorm');

    const dataDir = mkdtempSync(join(tmpdir(), 'checkout-startup-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const report = join(dataDir, 'loaded.json');
    const preload = join(dataDir, 'report-loaded.cjs');
    writeFileSync(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, ` +
        `JSON.stringify(Object.values(require.cache).map((m) => [m.filename, m.parent?.filename]))));`,
    );
    const service = await start({ DATA_DIR: join(dataDir, 'db') }, ['--require', preload]);
    cleanups.push(() => stop(service));
    await waitReady(service);
    expect((await fetch(`http://127.0.0.1:${service.port}/docs/`)).status).toBe(200);
    expect(await stop(service)).toEqual({ code: 0, signal: null });

    // What the bundle itself requires (the packages it leaves external load their own dependencies).
    const required = (JSON.parse(readFileSync(report, 'utf8')) as [string, string?][])
      .filter(([, parent]) => parent === MAIN)
      .map(([file]) => packageOf(file));
    expect(required).toContain('pg');
    expect(required.filter((name) => name && bundled.has(name))).toEqual([]);
  });

  it('refuses to start with a bad environment, naming the variable', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'checkout-startup-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const [production, badPort] = await Promise.all([
      start({ DATA_DIR: dataDir, NODE_ENV: 'production' }),
      start({ DATA_DIR: dataDir, PORT: 'abc' }),
    ]);
    cleanups.push(
      () => stop(production),
      () => stop(badPort),
    );

    expect((await production.exited).code).not.toBe(0);
    expect(production.stderr()).toContain('JWT_SECRET');
    expect((await badPort.exited).code).not.toBe(0);
    expect(badPort.stderr()).toContain('PORT');
    expect(production.stdout() + badPort.stdout()).not.toContain('[Nest]');
  });
});
