import { CheckoutCloudEvent } from '../../src/events/cloud-event';
import { STREAM_NAME } from '../../src/events/jetstream-publisher';
import { call, CONTACT, createCheckout } from './support/hammer';
import { NatsCluster, NodeOutage, StoredMessage } from './support/nats-cluster';
import { record, runDirectory } from './support/report';
import {
  delay,
  freshDatabase,
  merchantToken,
  outboxOf,
  OutboxRow,
  Service,
  size,
  startService,
  TestDatabase,
} from './support/service';

/** One writer per checkout, each alternating between the two instances. */
const CHECKOUTS = size(8, 16);
/** How long each phase lasts: steady load, a node down, steady again. */
const PHASE_MS = size(5_000, 20_000);
/** A writer's pause between writes: a steady load, not a saturating one. */
const WRITE_PAUSE_MS = 10;
const PROBE_EVERY_MS = 200;
/** The relay must have published everything this long after the last write at the latest. */
const DRAIN_TIMEOUT_MS = 60_000;
/** A readiness 503 must not outlast this: the client fails over to a surviving node meanwhile. */
const NOT_READY_BOUND_MS = 10_000;
/** The name the relay gives its NATS connection (src/events/jetstream-publisher.ts). */
const RELAY_CONNECTION_NAME = 'checkout-service outbox relay';

interface Write {
  checkoutId: string;
  value: string;
  status: number;
  /** The version a 204 acknowledged (its ETag). */
  version?: number;
  end: number;
}

interface Probe {
  instance: number;
  at: number;
  status: number;
  /** The checks that answered "down" (terminus's `error` keys). */
  down: string[];
}

/**
 * Two service instances relay the outbox to a three-node JetStream cluster (the CHECKOUT stream,
 * created with three replicas by NATS_STREAM_REPLICAS) under a steady write load, while the stream's leader node is killed and
 * restarted, then another node. Requests must keep succeeding (events wait in the outbox) and,
 * once drained, the stream must hold every acknowledged write's event exactly once, in version
 * order per checkout, and nothing else.
 */
describe('JetStream cluster', () => {
  let cluster: NatsCluster;
  let database: TestDatabase;
  let services: Service[] = [];

  beforeAll(async () => {
    cluster = await NatsCluster.start({ size: 3, logDirectory: runDirectory() });
    database = await freshDatabase('cluster');
    const settings = { NATS_URL: cluster.url, NATS_STREAM_REPLICAS: '3' };
    // One after the other: concurrent start-ups are the several-instances test's subject.
    services = [await startService(database.url, settings)];
    services.push(await startService(database.url, settings));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await cluster?.stop();
    await database?.drop();
  });

  it('loses the stream leader, then another node: requests succeed, every event once and in order', async () => {
    const violations: string[] = [];
    const replicas = (await cluster.streamInfo(STREAM_NAME))?.config.num_replicas;
    if (replicas !== 3) violations.push(`the stream has ${replicas} replicas, not 3`);
    await cluster.waitUntilCurrent(STREAM_NAME);
    const checkoutIds: string[] = [];
    for (let index = 0; index < CHECKOUTS; index += 1) {
      checkoutIds.push(await createCheckout(services[index % 2]!, `cluster-${index}`));
    }

    let writing = true;
    let probing = true;
    const writes: Write[] = [];
    const probes: Probe[] = [];
    const writers = checkoutIds.map((checkoutId, index) =>
      writeUntilStopped(checkoutId, index, () => writing, writes),
    );
    const probers = services.map((service, instance) =>
      probeReadiness(service, instance, () => probing, probes),
    );
    const firstWrite = Date.now();
    const outages: NodeOutage[] = [];
    /** How many of the instances' relays each killed node was serving. */
    const relaysOnKilled: number[] = [];
    const lose = async (node: string): Promise<void> => {
      const clients = await cluster.clientsOf(node);
      relaysOnKilled.push(clients.filter((name) => name === RELAY_CONNECTION_NAME).length);
      outages.push(await cluster.outage(node, STREAM_NAME, PHASE_MS));
    };
    let drainedAt: number | undefined;
    try {
      await delay(PHASE_MS);
      const first = await cluster.waitForLeader(STREAM_NAME);
      await lose(first);
      await delay(PHASE_MS);
      // Another node: the leader again, unless the restarted node took the lead back.
      const leader = await cluster.waitForLeader(STREAM_NAME);
      const target = leader !== first ? leader : cluster.names.find((name) => name !== first)!;
      await lose(target);
      await delay(PHASE_MS);
    } finally {
      writing = false;
      await Promise.all(writers);
    }
    const lastWrite = Math.max(...writes.map((write) => write.end));
    try {
      drainedAt = await waitForDrain(database, lastWrite + DRAIN_TIMEOUT_MS);
    } finally {
      probing = false;
      await Promise.all(probers);
    }

    const failed = writes.filter((write) => write.status !== 204);
    if (failed.length > 0) {
      const statuses = [...new Set(failed.map((write) => write.status))].join(', ');
      violations.push(`${failed.length} writes failed (${statuses})`);
    }
    if (drainedAt === undefined) violations.push(`outbox not drained in ${DRAIN_TIMEOUT_MS} ms`);

    const outboxes = new Map<string, OutboxRow[]>();
    for (const id of checkoutIds) outboxes.set(id, await outboxOf(database, id));
    violations.push(...acknowledgedInOutbox(writes, outboxes));
    const stored = await cluster.readStream(STREAM_NAME);
    violations.push(...streamMatchesOutbox(stored, outboxes));
    const readiness = readinessVerdict(probes, services.length, outages);
    violations.push(...readiness.violations);
    const relay = await Promise.all(services.map(relayCounters));

    const figures = {
      checkouts: CHECKOUTS,
      writes: writes.length,
      acknowledged: writes.length - failed.length,
      failedRequests: failed.length,
      writesPerSecond: Math.round((writes.length / (lastWrite - firstWrite)) * 1000),
      outboxEvents: [...outboxes.values()].reduce((sum, rows) => sum + rows.length, 0),
      streamEvents: stored.length,
      killedThenLeader: outages.map((o) => `${o.node}->${o.leader}`).join(' '),
      newLeaderAfterMs: outages.map((o) => o.leaderAfterMs).join('/'),
      nodeBackAfterMs: outages.map((o) => o.backAfterMs).join('/'),
      relaysOnKilledNode: relaysOnKilled.join('/'),
      longestRelayStallMs: longestGap(stored, firstWrite, lastWrite),
      drainMs: drainedAt === undefined ? -1 : Math.max(0, drainedAt - lastWrite),
      relayFailures: relay.map((counters) => counters.failures).join('/'),
      duplicateAcks: relay.map((counters) => counters.duplicates).join('/'),
      ...readiness.figures,
      violations: violations.length,
    };
    record('JetStream cluster: leader and another node killed', figures, violations);
    expect(violations).toEqual([]);
  });

  /** Unversioned contact updates of one checkout, one after another, until `active()` is false. */
  async function writeUntilStopped(
    checkoutId: string,
    index: number,
    active: () => boolean,
    writes: Write[],
  ): Promise<void> {
    const token = merchantToken(`cluster-writer-${index}`);
    for (let n = 0; active(); n += 1) {
      const value = `cluster-w${index}-n${n}`;
      const response = await call(
        services[(index + n) % services.length]!,
        'POST',
        CONTACT,
        token,
        {
          sessionId: checkoutId,
          firstName: value,
          lastName: 'Cluster',
          email: 'cluster@example.com',
        },
      );
      const etag = /^"(\d+)"$/.exec(response.headers?.get('etag') ?? '');
      writes.push({
        checkoutId,
        value,
        status: response.status,
        version: etag ? Number(etag[1]) : undefined,
        end: Date.now(),
      });
      await delay(WRITE_PAUSE_MS);
    }
  }

  async function probeReadiness(
    service: Service,
    instance: number,
    active: () => boolean,
    probes: Probe[],
  ): Promise<void> {
    while (active()) {
      const at = Date.now();
      const probe = await fetch(`${service.base}/health/ready`, {
        signal: AbortSignal.timeout(3000),
      }).then(
        async (response) => {
          const body = (await response.json()) as { error?: Record<string, unknown> };
          return { status: response.status, down: Object.keys(body.error ?? {}) };
        },
        () => ({ status: 0, down: ['no answer'] }),
      );
      probes.push({ instance, at, ...probe });
      await delay(PROBE_EVERY_MS);
    }
  }
});

/** When no outbox row is left unpublished, or undefined at the deadline. */
async function waitForDrain(database: TestDatabase, deadline: number): Promise<number | undefined> {
  while (Date.now() < deadline) {
    const [pending] = await database.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
    );
    if (pending!.n === 0) return Date.now();
    await delay(100);
  }
  return undefined;
}

/** Each acknowledged write is the ContactUpdated of the version its ETag named. */
function acknowledgedInOutbox(writes: Write[], outboxes: Map<string, OutboxRow[]>): string[] {
  const violations: string[] = [];
  for (const write of writes.filter((candidate) => candidate.status === 204)) {
    const event = outboxes
      .get(write.checkoutId)!
      .find(
        (row) => row.type === 'checkout.ContactUpdated' && row.aggregate_version === write.version,
      );
    if (event?.payload.contact?.firstName !== write.value) {
      violations.push(
        `acknowledged ${write.value} (version ${write.version}) is not in the outbox`,
      );
    }
  }
  return violations.slice(0, 20);
}

/**
 * The stream holds exactly the outbox's events: each once (by Nats-Msg-Id and by CloudEvent id),
 * per checkout in outbox order, versions never going back, and nothing else.
 */
function streamMatchesOutbox(
  stored: StoredMessage[],
  outboxes: Map<string, OutboxRow[]>,
): string[] {
  const violations: string[] = [];
  const events = stored.map((message) => ({
    ...message,
    envelope: message.body as CheckoutCloudEvent,
  }));
  const ids = events.map((event) => event.envelope.id);
  const duplicates = ids.length - new Set(ids).size;
  if (duplicates > 0) violations.push(`${duplicates} duplicate events on the stream`);
  if (events.some((event) => event.msgId !== event.envelope.id)) {
    violations.push('a Nats-Msg-Id differs from its event id');
  }
  const strangers = events.filter((event) => !outboxes.has(event.envelope.subject));
  if (strangers.length > 0) violations.push(`${strangers.length} events of unknown checkouts`);
  for (const [checkoutId, rows] of outboxes) {
    const own = events.filter((event) => event.envelope.subject === checkoutId);
    const expected = rows.map((row) => row.id);
    if (JSON.stringify(own.map((event) => event.envelope.id)) !== JSON.stringify(expected)) {
      const onStream = new Set(own.map((event) => event.envelope.id));
      const missing = rows
        .filter((row) => !onStream.has(row.id))
        .map((row) => row.aggregate_version);
      violations.push(
        `${checkoutId}: ${own.length} stream events, not its ${rows.length} in order (missing versions: ${missing.slice(0, 5).join(', ')})`,
      );
    }
    const versions = own.map((event) => event.envelope.checkoutversion);
    if (versions.some((version, index) => index > 0 && version < versions[index - 1]!)) {
      violations.push(`${checkoutId}: stream events out of version order`);
    }
  }
  return violations;
}

/**
 * Readiness is honest when a 503 names only the broker (the database never failed here) and ends
 * once the client has failed over to a surviving node; the figures say how often and how long. It
 * checks the connection to a broker, not the stream's leader: while the stream has none, requests
 * still succeed (events wait in the outbox), so the instance is ready and says so.
 */
function readinessVerdict(
  probes: Probe[],
  instances: number,
  outages: NodeOutage[],
): { violations: string[]; figures: Record<string, number | string> } {
  const violations: string[] = [];
  const notReady = probes.filter((probe) => probe.status !== 200);
  const blamed = [...new Set(notReady.flatMap((probe) => probe.down))];
  if (blamed.some((check) => check !== 'broker')) {
    violations.push(`readiness failed on ${blamed.join(', ')}, not only on the broker`);
  }
  const longest: number[] = [];
  for (let instance = 0; instance < instances; instance += 1) {
    let since: number | undefined;
    let worst = 0;
    for (const probe of probes.filter((candidate) => candidate.instance === instance)) {
      if (probe.status !== 200) since ??= probe.at;
      else if (since !== undefined) {
        worst = Math.max(worst, probe.at - since);
        since = undefined;
      }
    }
    if (since !== undefined) violations.push(`instance ${instance} not ready at the end`);
    if (worst > NOT_READY_BOUND_MS) {
      violations.push(`instance ${instance} not ready for ${worst} ms at a stretch`);
    }
    longest.push(worst);
  }
  return {
    violations,
    figures: {
      readinessProbes: probes.length,
      notReadyProbes: notReady.length,
      longestNotReadyMs: longest.join('/'),
      readyWithoutLeader: probes.filter(
        (probe) =>
          probe.status === 200 &&
          outages.some((o) => probe.at >= o.killedAt && probe.at < o.killedAt + o.leaderAfterMs),
      ).length,
    },
  };
}

/** The longest stretch without a stored event while the writers were writing. */
function longestGap(stored: StoredMessage[], from: number, to: number): number {
  let previous = from;
  let longest = 0;
  for (const message of stored) {
    if (message.storedAt < from) continue;
    if (message.storedAt > to) break;
    longest = Math.max(longest, message.storedAt - previous);
    previous = message.storedAt;
  }
  return Math.max(longest, to - previous);
}

/** The relay's failed rounds and duplicate acknowledgements, from an instance's /metrics. */
async function relayCounters(service: Service): Promise<{ failures: number; duplicates: number }> {
  const response = await fetch(`${service.base}/metrics`, { signal: AbortSignal.timeout(5000) });
  const text = await response.text();
  const counter = (name: string): number =>
    Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return {
    failures: counter('checkout_outbox_publish_failures_total'),
    duplicates: counter('checkout_outbox_duplicate_acks_total'),
  };
}
