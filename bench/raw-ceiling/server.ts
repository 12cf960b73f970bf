/**
 * The raw ceiling: the least a checkout command can do on PostgreSQL, on Node's own `http` and a
 * `pg` pool of 10, with no framework, auth, validation or response mapping. Each request is one
 * transaction: a version-checked UPDATE of the checkout and an outbox INSERT.
 *
 *   POST /checkouts/<uuid>/billing-address  {"version": <current>, "billingAddress": {...}}
 *   200 {"id", "version"} | 409 (no such checkout at that version) | 400 (not JSON)
 *
 * Its tables come from seed.sql beside it. `npm run bench` starts it; by hand:
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/raw_bench PORT=3001 \
 *     node -r @swc-node/register bench/raw-ceiling/server.ts
 */
import { createServer, ServerResponse } from 'node:http';
import { Pool } from 'pg';

const PORT = Number(process.env.PORT ?? 3001);
const pool = new Pool({
  connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/raw_bench',
  max: 10,
});

const ROUTE = /^\/checkouts\/([0-9a-f-]{36})\/billing-address$/;
const SET_BILLING =
  'UPDATE checkouts SET billing = $2, version = version + 1, updated_at = now() ' +
  'WHERE id = $1 AND version = $3 RETURNING version';
const RECORD_EVENT =
  'INSERT INTO outbox (aggregate_id, type, payload, created_at) VALUES ($1, $2, $3, now())';

interface Body {
  version?: number;
  billingAddress?: unknown;
}

function reply(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function setBillingAddress(id: string, body: Body, res: ServerResponse): Promise<void> {
  const billing = body.billingAddress ?? body;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const updated = await client.query<{ version: number }>(SET_BILLING, [
      id,
      JSON.stringify(billing),
      body.version,
    ]);
    if (updated.rowCount === 0) {
      await client.query('ROLLBACK');
      return reply(res, 409, { error: 'conflict_or_not_found' });
    }
    const version = updated.rows[0]!.version;
    await client.query(RECORD_EVENT, [
      id,
      'CheckoutBillingAddressSet',
      JSON.stringify({ id, version, billing }),
    ]);
    await client.query('COMMIT');
    reply(res, 200, { id, version });
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

createServer((req, res) => {
  const id = req.method === 'POST' ? ROUTE.exec(req.url ?? '')?.[1] : undefined;
  if (id === undefined) {
    res.statusCode = 404;
    res.end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let body: Body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Body;
    } catch {
      return reply(res, 400, { error: 'bad json' });
    }
    setBillingAddress(id, body, res).catch((error: Error) =>
      reply(res, 500, { error: error.message }),
    );
  });
}).listen(PORT, '127.0.0.1', () => console.log(`raw ceiling on ${PORT}, pid ${process.pid}`));
