import { createHmac } from 'node:crypto';
import {
  aContactBody,
  anAddressBody,
  billingPath,
  checkoutPath,
  CONTACT,
  ordersPath,
} from './checkout-api';
import { Response, TestApp } from './test-app';

/** Helpers shared by test/security: raw token forging, endpoint catalogue, state snapshots. */

export const b64url = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A JWT built by hand, so the header and algorithm can be anything an attacker sends. */
export function forgeToken(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key?: string | Buffer,
  hmac: 'sha256' | 'sha384' | 'sha512' = 'sha256',
): string {
  const signingInput = `${b64url(header)}.${b64url(payload)}`;
  const signature =
    key === undefined ? '' : createHmac(hmac, key).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** The claims the service accepts, for `role`, valid for an hour. */
export function validClaims(t: TestApp, claims: Record<string, unknown>): Record<string, unknown> {
  const now = nowSeconds();
  return {
    iss: t.config.jwt.issuer,
    aud: t.config.jwt.audience,
    iat: now,
    exp: now + 3600,
    ...claims,
  };
}

export interface Target {
  id: string;
  addressId: string;
}

export interface Endpoint {
  name: string;
  method: 'GET' | 'POST' | 'PUT';
  path(target: Target): string;
  body?(target: Target): unknown;
}

/** Every endpoint that names a checkout, with a body that is valid for it. */
export const CHECKOUT_ENDPOINTS: readonly Endpoint[] = [
  { name: 'get checkout', method: 'GET', path: (c) => checkoutPath(c.id) },
  { name: 'update contact', method: 'POST', path: () => CONTACT, body: (c) => aContactBody(c.id) },
  {
    name: 'add billing address',
    method: 'POST',
    path: (c) => billingPath(c.id),
    body: () => anAddressBody(),
  },
  {
    name: 'update billing address',
    method: 'PUT',
    path: (c) => billingPath(c.id, c.addressId),
    body: () => anAddressBody({ city: 'Dallas' }),
  },
  { name: 'place order', method: 'POST', path: (c) => ordersPath(c.id), body: () => ({}) },
];

export function call(
  t: TestApp,
  endpoint: Endpoint,
  target: Target,
  token?: string,
  headers?: Record<string, string>,
): Promise<Response> {
  return t.request(endpoint.method, endpoint.path(target), {
    token,
    body: endpoint.body?.(target),
    headers,
  });
}

/** Everything a request could change: the checkout rows and the outbox. */
export async function databaseFingerprint(t: TestApp): Promise<Record<string, string>> {
  const tables = ['checkouts', 'outbox'];
  const fingerprint: Record<string, string> = {};
  for (const table of tables) {
    const [row] = await t.dataSource.query(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM ${table} t`,
    );
    fingerprint[table] = `${row.n}:${row.digest}`;
  }
  return fingerprint;
}

/** A random RFC 9562 UUID (versions 1 to 8, now and then the nil or max UUID), in random letter case. */
export function randomUuid(random: () => number = Math.random): string {
  const digit = (from: number, count: number) => (from + Math.floor(random() * count)).toString(16);
  const hex = Array.from({ length: 32 }, (_, i) =>
    i === 12 ? digit(1, 8) : i === 16 ? digit(8, 4) : digit(0, 16),
  ).join('');
  const special = random();
  if (special < 0.002) return '00000000-0000-0000-0000-000000000000';
  if (special < 0.004) return 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF';
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const mode = random();
  if (mode < 0.33) return uuid.toUpperCase();
  if (mode < 0.66) return uuid;
  return [...uuid].map((ch) => (random() < 0.5 ? ch.toUpperCase() : ch)).join('');
}

/** Counts responses by status, for the figures a test prints. */
export class StatusTally {
  readonly counts = new Map<number, number>();
  add(status: number): void {
    this.counts.set(status, (this.counts.get(status) ?? 0) + 1);
  }
  get total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }
  get serverErrors(): number {
    return [...this.counts].filter(([s]) => s >= 500).reduce((a, [, n]) => a + n, 0);
  }
  toString(): string {
    return [...this.counts]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
  }
}
