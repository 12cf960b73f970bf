import autocannon from 'autocannon';
import type { IncomingHttpHeaders } from 'node:http';

/** One checkout the load generator may use, with the version it last saw. */
export interface Target {
  id: string;
  token: string;
  version: number;
  addressId?: string;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: string;
}

/**
 * How a scenario chooses checkouts:
 * - `random`: any checkout, uniformly (connections may collide: the realistic hot spot);
 * - `slice`: connection i only uses its own 1/connections slice, so the versions it tracks are
 *   never raced by another connection and versioned requests get no 409;
 * - `once`: every checkout once, in order (AddBillingAddress: a second POST is a 409 by contract);
 *   the scenario ends early when they run out.
 */
export type Pick = 'random' | 'slice' | 'once';

export interface Scenario {
  name: string;
  targets: Target[];
  pick: Pick;
  request(target: Target): HttpRequest;
  /** The version a 2xx response reports, to keep `target.version` current. */
  versionOf?(body: string, headers: IncomingHttpHeaders): number | undefined;
}

export interface Measurement {
  name: string;
  requests: number;
  ok: number;
  errors: number;
  seconds: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  /** Checkouts whose version is unknown now: answered non-2xx, or in flight when the run stopped. */
  unsettled: Target[];
  exhausted: boolean;
}

interface Slot {
  index: number;
  current: Target | undefined;
  filler: boolean;
}

const FILLER_PATH = '/health/live';

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[rank]! * 100) / 100;
}

/**
 * Drives `scenario` with autocannon for `seconds`: `connections` keep-alive connections, one
 * request in flight each. Latency and status are recorded here, per response, so requests sent
 * after a `once` scenario ran out of checkouts (fillers, to keep autocannon's loop alive until it
 * stops) are left out. Non-2xx responses and socket errors count as errors; req/s counts 2xx only.
 */
export async function drive(
  baseUrl: string,
  scenario: Scenario,
  options: { connections: number; seconds: number; cursor?: { next: number } },
): Promise<Measurement> {
  const { targets } = scenario;
  const connections = options.connections;
  if (scenario.pick === 'slice' && targets.length < connections) {
    throw new Error(`${scenario.name}: ${targets.length} checkouts for ${connections} connections`);
  }
  const cursor = options.cursor ?? { next: 0 };
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const unsettled = new Set<Target>();
  let ok = 0;
  let errors = 0;
  let exhaustedAt: number | undefined;
  let instance: autocannon.Instance | undefined;

  const choose = (slot: Slot): Target | undefined => {
    if (scenario.pick === 'random') return targets[Math.floor(Math.random() * targets.length)];
    if (scenario.pick === 'slice') {
      const from = Math.floor((slot.index * targets.length) / connections);
      const to = Math.floor(((slot.index + 1) * targets.length) / connections);
      return targets[from + Math.floor(Math.random() * (to - from))];
    }
    if (cursor.next < targets.length) return targets[cursor.next++];
    if (exhaustedAt === undefined) {
      exhaustedAt = performance.now();
      setImmediate(() => instance?.stop());
    }
    return undefined;
  };

  const slots = new WeakMap<autocannon.Client, Slot>();
  const allSlots: Slot[] = [];
  const setupClient = (client: autocannon.Client): void => {
    const slot: Slot = { index: allSlots.length % connections, current: undefined, filler: false };
    allSlots.push(slot);
    slots.set(client, slot);
    client.setRequests([
      {
        setupRequest: (request: autocannon.Request): autocannon.Request => {
          // Still set: the previous request got no response (timeout, reset); its fate is unknown.
          if (slot.current) unsettled.add(slot.current);
          const target = choose(slot);
          slot.current = target;
          slot.filler = target === undefined;
          if (!target) return { ...request, method: 'GET', path: FILLER_PATH, body: undefined };
          const next = scenario.request(target);
          return {
            ...request,
            method: next.method,
            path: next.path,
            body: next.body,
            headers: {
              ...request.headers,
              authorization: `Bearer ${target.token}`,
              ...(next.body === undefined ? {} : { 'content-type': 'application/json' }),
            },
          };
        },
        onResponse: (status: number, body: string, _context: object, headers) => {
          const target = slot.current;
          if (!target) return;
          if (status >= 200 && status < 300) {
            const version = scenario.versionOf?.(body, headers ?? {});
            if (version !== undefined) target.version = Math.max(target.version, version);
          } else {
            unsettled.add(target);
          }
        },
      },
    ]);
  };

  const started = performance.now();
  await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: baseUrl,
        connections,
        pipelining: 1,
        duration: options.seconds,
        timeout: 10,
        sampleInt: 100,
        requests: [{ method: 'GET', path: FILLER_PATH }],
        setupClient,
      },
      (error: Error | null, done: autocannon.Result) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (client, statusCode, _bytes, responseTime) => {
      const slot = slots.get(client);
      if (!slot || slot.filler) return;
      const target = slot.current;
      slot.current = undefined;
      if (!target) return;
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) ok++;
      else errors++;
    });
    instance.on('reqError', () => errors++);
  });
  const seconds = ((exhaustedAt ?? performance.now()) - started) / 1000;
  // A request still in flight when autocannon closed its socket may yet be applied by the server.
  const inFlight = new Set<Target>();
  for (const slot of allSlots) if (slot.current) inFlight.add(slot.current);
  const sorted = Float64Array.from(latencies).sort();
  return {
    name: scenario.name,
    requests: latencies.length,
    ok,
    errors,
    seconds,
    reqPerSec: ok / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    statuses,
    unsettled: [...unsettled, ...inFlight],
    exhausted: exhaustedAt !== undefined,
  };
}
