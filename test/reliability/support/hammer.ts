import { CLIENT_TIMEOUT_MS, delay, merchantToken, OutboxRow, Service } from './service';

/**
 * Writers that hammer the contact of one checkout over HTTP, and the history they leave: every
 * read and write with its outcome and its start and end time, checked afterwards as a
 * compare-and-set register (versioned writers) or a counter of applied writes (unversioned).
 */

export const CONTACT = '/api/Checkout/sessions/me/contact';
export const checkoutPath = (id: string): string => `/api/storefront/checkouts/${id}`;
/** One email for every write: the abandoned-cart policy then announces once, at version 2. */
const EMAIL = 'hammer@example.com';

export interface Outcome {
  /** HTTP status; 0 for a connection error, -1 for no answer within the client timeout. */
  status: number;
  headers: Headers | undefined;
  body: string;
}

export async function call(
  service: Service,
  method: 'GET' | 'POST',
  path: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Outcome> {
  try {
    const response = await fetch(`${service.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    return { status: response.status, headers: response.headers, body: await response.text() };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return { status: timedOut ? -1 : 0, headers: undefined, body: String(error) };
  }
}

export async function createCheckout(service: Service, shopperId: string): Promise<string> {
  const response = await call(service, 'POST', '/api/checkouts', merchantToken('creator'), {
    shopperId,
    currency: 'USD',
    lineItems: [{ productId: 'sku-1', name: 'Espresso beans', quantity: 2, unitPrice: 24.5 }],
  });
  if (response.status !== 201) throw new Error(`create: ${response.status} ${response.body}`);
  return (JSON.parse(response.body) as { id: string }).id;
}

export interface CheckoutState {
  version: number;
  firstName: string | undefined;
}

export async function readCheckout(service: Service, checkoutId: string): Promise<CheckoutState> {
  const response = await call(service, 'GET', checkoutPath(checkoutId), merchantToken('reader'));
  if (response.status !== 200) throw new Error(`read: ${response.status} ${response.body}`);
  const checkout = JSON.parse(response.body) as {
    version: number;
    contact: { firstName: string } | null;
  };
  return { version: checkout.version, firstName: checkout.contact?.firstName };
}

const versionOf = (etag: string | null | undefined): number | undefined => {
  const match = /^"(\d+)"$/.exec(etag ?? '');
  return match ? Number(match[1]) : undefined;
};

export interface WriteRecord {
  checkoutId: string;
  writer: number;
  instance: number;
  /** The version the write named (versioned writers), else undefined. */
  expected?: number;
  /** The contact's firstName this write sets: unique per write, so the outbox names its writer. */
  value: string;
  status: number;
  /** The version a 204 acknowledged (its ETag). */
  version?: number;
  /** A 409's `currentVersion`. */
  currentVersion?: number;
  /** A 503 that was problem+json with Retry-After. */
  wellFormed503: boolean;
  /** The body of an answer the writers did not expect (kept for the report). */
  unexpectedBody?: string;
  start: number;
  end: number;
}

export interface ReadRecord {
  checkoutId: string;
  status: number;
  version?: number;
  start: number;
  end: number;
}

export interface History {
  writes: WriteRecord[];
  reads: ReadRecord[];
}

export interface HammerOptions {
  tag: string;
  checkoutId: string;
  /** Writer w's n-th attempt goes to services[(w + n) % length]: writers alternate instances. */
  services: Service[];
  writers: number;
  /** Write attempts in total, over all writers. */
  attempts: number;
  versioned: boolean;
  /** Stops early when the time is up, whatever is left of the attempts. */
  maxDurationMs: number;
  /** The firstName of writer `index`'s n-th write; unique per write. */
  valueFor?: (index: number, n: number) => string;
}

/** Runs the writers to completion and returns their history. */
export async function hammer(options: HammerOptions): Promise<History> {
  const history: History = { writes: [], reads: [] };
  let remaining = options.attempts;
  const deadline = Date.now() + options.maxDurationMs;
  const take = (): boolean => remaining-- > 0 && Date.now() < deadline;

  const writer = async (index: number): Promise<void> => {
    const token = merchantToken(`${options.tag}-writer-${index}`);
    for (let n = 0; take(); n += 1) {
      const instance = (index + n) % options.services.length;
      const service = options.services[instance]!;
      let expected: number | undefined;
      if (options.versioned) {
        const start = Date.now();
        const read = await call(service, 'GET', checkoutPath(options.checkoutId), token);
        const version = versionOf(read.headers?.get('etag'));
        history.reads.push({
          checkoutId: options.checkoutId,
          status: read.status,
          version,
          start,
          end: Date.now(),
        });
        if (read.status !== 200 || version === undefined) {
          await pause(read);
          continue;
        }
        expected = version;
      }
      const value = options.valueFor?.(index, n) ?? `${options.tag}-w${index}-n${n}`;
      const body: Record<string, unknown> = {
        sessionId: options.checkoutId,
        firstName: value,
        lastName: 'Hammer',
        email: EMAIL,
      };
      const headers: Record<string, string> = {};
      // Both ways of naming the version: `version` in the body, and If-Match.
      if (expected !== undefined && n % 2 === 0) body.version = expected;
      if (expected !== undefined && n % 2 === 1) headers['if-match'] = `"${expected}"`;
      const start = Date.now();
      const response = await call(service, 'POST', CONTACT, token, body, headers);
      const end = Date.now();
      const record: WriteRecord = {
        checkoutId: options.checkoutId,
        writer: index,
        instance,
        expected,
        value,
        status: response.status,
        wellFormed503: false,
        start,
        end,
      };
      if (response.status === 204) record.version = versionOf(response.headers?.get('etag'));
      if (response.status === 409) {
        record.currentVersion = (
          JSON.parse(response.body) as { currentVersion?: number }
        ).currentVersion;
      }
      if (response.status === 503) {
        record.wellFormed503 =
          /^application\/problem\+json/.test(response.headers?.get('content-type') ?? '') &&
          /^\d+$/.test(response.headers?.get('retry-after') ?? '') &&
          (JSON.parse(response.body) as { status?: number }).status === 503;
      }
      if (![204, 409, 429, 503].includes(response.status)) {
        record.unexpectedBody = response.body.slice(0, 300);
      }
      history.writes.push(record);
      await pause(response);
    }
  };

  await Promise.all(Array.from({ length: options.writers }, (_, index) => writer(index)));
  return history;
}

/** Backs off briefly after an error answer, so a writer does not spin while the database is down. */
async function pause(outcome: Outcome): Promise<void> {
  if (outcome.status === 429) {
    const seconds = Number(outcome.headers?.get('retry-after') ?? 1);
    await delay(Math.min(Number.isFinite(seconds) ? seconds : 1, 1) * 1000);
  } else if (outcome.status === 0 || outcome.status >= 500) {
    await delay(100);
  }
}

// ---------------------------------------------------------------------------------------------
// Checking a history

export interface Verdict {
  violations: string[];
  figures: Record<string, number | string>;
}

interface CheckOptions {
  versioned: boolean;
  /** Fault runs: a write may fail with a well-formed 503 (and may or may not have been applied). */
  faults: boolean;
}

const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/**
 * The invariants, checked against the final state and the outbox of one checkout:
 * - acknowledged writes have distinct versions; a versioned one acknowledges `expected + 1`;
 * - the outbox holds exactly one ContactUpdated per version 2..final, in version order, and
 *   each acknowledged write's value is the ContactUpdated of the version it was acknowledged at;
 * - every ContactUpdated is some write of the history, applied once (nothing invented, nothing
 *   doubled); without faults, final version = 1 + acknowledged writes;
 * - the final state is the write of the final version;
 * - real-time order: a write acknowledged before another began has the lower version, and a read
 *   that began after a write was acknowledged sees at least its version;
 * - no 5xx (with faults: only well-formed 503s), no timeouts, no connection errors.
 */
export function checkHistory(
  history: History,
  final: CheckoutState,
  outbox: OutboxRow[],
  options: CheckOptions,
): Verdict {
  const violations: string[] = [];
  const fail = (message: string): void => {
    if (violations.length < 50) violations.push(message);
  };
  const writes = history.writes;
  const acked = writes.filter((write) => write.status === 204);
  const conflicts = writes.filter((write) => write.status === 409);
  const unavailable = writes.filter((write) => write.status === 503);
  const throttled = writes.filter((write) => write.status === 429);
  const timeouts = writes.filter((write) => write.status === -1);
  const connectionErrors = writes.filter((write) => write.status === 0);
  const other = writes.filter((write) => ![204, 409, 503, 429, -1, 0].includes(write.status));
  const readFailures = history.reads.filter((read) => read.status !== 200);

  // Status classes.
  if (timeouts.length > 0) fail(`${timeouts.length} writes got no answer within the timeout`);
  if (connectionErrors.length > 0) fail(`${connectionErrors.length} writes: connection errors`);
  if (other.length > 0) {
    const statuses = [...new Set(other.map((write) => write.status))].join(', ');
    fail(`unexpected statuses: ${statuses}; first: ${other[0]!.unexpectedBody}`);
  }
  if (!options.faults && unavailable.length > 0) fail(`${unavailable.length} 503s without a fault`);
  const malformed = unavailable.filter((write) => !write.wellFormed503);
  if (malformed.length > 0) fail(`${malformed.length} 503s without problem+json/Retry-After`);
  const badReads = readFailures.filter(
    (read) => !(options.faults && read.status === 503) && read.status !== 429,
  );
  if (badReads.length > 0) {
    fail(`reads failed: ${[...new Set(badReads.map((read) => read.status))].join(', ')}`);
  }
  if (!options.versioned && conflicts.length > 0) {
    fail(`${conflicts.length} unversioned writes got 409 (must be applied to the latest state)`);
  }
  for (const conflict of conflicts) {
    if (conflict.currentVersion === undefined || conflict.currentVersion === conflict.expected) {
      fail(`409 for version ${conflict.expected} with currentVersion ${conflict.currentVersion}`);
    }
  }

  // Acknowledged versions: distinct, and expected + 1 for versioned writes.
  const byVersion = new Map<number, WriteRecord>();
  for (const write of acked) {
    if (write.version === undefined) {
      fail(`204 without an ETag (${write.value})`);
      continue;
    }
    if (byVersion.has(write.version)) fail(`version ${write.version} acknowledged twice`);
    byVersion.set(write.version, write);
    if (options.versioned && write.version !== write.expected! + 1) {
      fail(`write named version ${write.expected} but was acknowledged as ${write.version}`);
    }
  }

  // The outbox: one ContactUpdated per version 2..final, in version order.
  const contactEvents = outbox.filter((row) => row.type === 'checkout.ContactUpdated');
  const created = outbox.filter((row) => row.type === 'checkout.CheckoutCreated');
  if (created.length !== 1 || created[0]!.aggregate_version !== 1) {
    fail(`CheckoutCreated rows: ${created.length}`);
  }
  const versions = contactEvents.map((row) => row.aggregate_version);
  const gapless = versions.every((version, index) => version === index + 2);
  if (!gapless || versions.length !== final.version - 1) {
    fail(`ContactUpdated versions are not exactly 2..${final.version} (${versions.length} rows)`);
  }
  // Exactly its events: besides one ContactUpdated per version, only the one abandoned-cart
  // announcement of the hammer's single email, at the first contact update (version 2).
  const extra = outbox.filter(
    (row) => row.type !== 'checkout.ContactUpdated' && row.type !== 'checkout.CheckoutCreated',
  );
  const announcedOnce =
    extra.length === (final.version > 1 ? 1 : 0) &&
    extra.every(
      (row) => row.type === 'checkout.AbandonedCartCandidate' && row.aggregate_version === 2,
    );
  if (!announcedOnce) {
    fail(`unexpected events: ${extra.map((r) => `${r.type}@${r.aggregate_version}`).join(', ')}`);
  }
  const outboxVersions = outbox.map((row) => row.aggregate_version);
  if (outboxVersions.some((version, index) => index > 0 && version < outboxVersions[index - 1]!)) {
    fail('outbox sequence order is not version order');
  }
  if (outboxVersions.some((version) => version > final.version)) {
    fail('outbox holds an event beyond the final version');
  }

  // Each ContactUpdated is exactly one write of the history.
  const writesByValue = new Map(writes.map((write) => [write.value, write]));
  const eventValue = new Map<number, string>();
  const seenValues = new Set<string>();
  let appliedUnacknowledged = 0;
  for (const row of contactEvents) {
    const value = row.payload.contact?.firstName ?? '';
    eventValue.set(row.aggregate_version, value);
    const write = writesByValue.get(value);
    if (!write) fail(`outbox version ${row.aggregate_version} holds a write nobody made`);
    else if (write.status !== 204) appliedUnacknowledged += 1;
    if (seenValues.has(value)) fail(`write ${value} applied twice`);
    seenValues.add(value);
  }
  for (const [version, write] of byVersion) {
    if (eventValue.get(version) !== write.value) {
      fail(`acknowledged write ${write.value} (version ${version}) is not that version's event`);
    }
  }
  if (!options.faults && appliedUnacknowledged > 0) {
    fail(`${appliedUnacknowledged} writes applied without a 204`);
  }
  if (final.version !== 1 + acked.length + appliedUnacknowledged) {
    fail(
      `final version ${final.version} != 1 + ${acked.length} acknowledged + ${appliedUnacknowledged} applied-unacknowledged`,
    );
  }
  if (final.version > 1 && final.firstName !== eventValue.get(final.version)) {
    fail(`final state ${final.firstName} is not the write of version ${final.version}`);
  }
  const last = byVersion.get(Math.max(0, ...byVersion.keys()));
  if (last && last.version === final.version && final.firstName !== last.value) {
    fail(`final state ${final.firstName} is not the last acknowledged write ${last.value}`);
  }

  // Real-time order (linearizability of the register).
  const ackByEnd = [...byVersion.values()].sort((a, b) => a.end - b.end);
  const ops = [
    ...[...byVersion.values()].map((write) => ({ start: write.start, version: write.version! })),
    ...history.reads
      .filter((read) => read.version !== undefined)
      .map((read) => ({ start: read.start, version: read.version!, read: true })),
  ].sort((a, b) => a.start - b.start);
  let cursor = 0;
  let highest = 0;
  for (const op of ops) {
    while (cursor < ackByEnd.length && ackByEnd[cursor]!.end < op.start) {
      highest = Math.max(highest, ackByEnd[cursor]!.version!);
      cursor += 1;
    }
    const stale = 'read' in op ? op.version < highest : op.version <= highest;
    if (stale) fail(`real-time order: version ${op.version} after version ${highest} completed`);
  }

  const durations = writes.map((write) => write.end - write.start);
  const span =
    writes.length === 0
      ? 0
      : Math.max(...writes.map((w) => w.end)) - Math.min(...writes.map((w) => w.start));
  return {
    violations,
    figures: {
      attempts: writes.length,
      acknowledged: acked.length,
      conflicts409: conflicts.length,
      unavailable503: unavailable.length,
      throttled429: throttled.length,
      other5xx: other.filter((write) => write.status >= 500).length,
      otherStatus: other.filter((write) => write.status < 500).length,
      timeouts: timeouts.length,
      connectionErrors: connectionErrors.length,
      reads: history.reads.length,
      readFailures: readFailures.length,
      appliedWithout2xx: appliedUnacknowledged,
      finalVersion: final.version,
      contactUpdatedEvents: contactEvents.length,
      outboxRows: outbox.length,
      seconds: Number((span / 1000).toFixed(1)),
      writesPerSecond: span === 0 ? 0 : Math.round((writes.length / span) * 1000),
      p50ms: percentile(durations, 50),
      p99ms: percentile(durations, 99),
      maxMs: percentile(durations, 100),
      violations: violations.length,
    },
  };
}
