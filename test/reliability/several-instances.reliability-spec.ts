import { StreamMessage, StreamWatcher } from '../support/nats';
import { checkHistory, createCheckout, hammer, readCheckout } from './support/hammer';
import { record } from './support/report';
import {
  freshDatabase,
  NATS_URL,
  outboxOf,
  Service,
  size,
  startService,
  TestDatabase,
} from './support/service';

const WRITERS = 32;
const ATTEMPTS = size(2_000, 10_000);

/**
 * Two service processes on one database and one NATS, both relaying the outbox, under the
 * versioned and the unversioned hammer at once (each writer alternates between the instances).
 * Besides the register invariants, the CHECKOUT stream must carry each checkout's events exactly
 * once and in version order. The stream is shared: only this test's checkouts are read back.
 */
describe('several instances', () => {
  let database: TestDatabase;
  let services: Service[] = [];
  let watcher: StreamWatcher;

  beforeAll(async () => {
    database = await freshDatabase('instances');
    watcher = await StreamWatcher.start(NATS_URL);
    const settings = { NATS_URL };
    services = await Promise.all([
      startService(database.url, settings),
      startService(database.url, settings),
    ]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await watcher?.close();
    await database?.drop();
  });

  it('two instances, versioned and unversioned hammers at once: same invariants, events unique and ordered', async () => {
    const [versionedId, unversionedId] = await Promise.all([
      createCheckout(services[0]!, 'instances-versioned'),
      createCheckout(services[1]!, 'instances-unversioned'),
    ]);
    watcher.watch(versionedId, unversionedId);

    const [versioned, unversioned] = await Promise.all(
      [
        [versionedId, true],
        [unversionedId, false],
      ].map(([checkoutId, isVersioned]) =>
        hammer({
          tag: isVersioned ? 'iv' : 'iu',
          checkoutId: checkoutId as string,
          services,
          writers: WRITERS,
          attempts: ATTEMPTS,
          versioned: isVersioned as boolean,
          maxDurationMs: size(240_000, 1_200_000),
        }),
      ),
    );

    const violations: string[] = [];
    const figures: Record<string, number | string> = {};
    let outboxTotal = 0;
    const outboxes = new Map<string, string[]>();
    for (const [name, checkoutId, history, isVersioned] of [
      ['versioned', versionedId, versioned!, true],
      ['unversioned', unversionedId, unversioned!, false],
    ] as const) {
      const outbox = await outboxOf(database, checkoutId);
      outboxTotal += outbox.length;
      outboxes.set(
        checkoutId,
        outbox.map((row) => row.id),
      );
      const verdict = checkHistory(history, await readCheckout(services[0]!, checkoutId), outbox, {
        versioned: isVersioned,
        faults: false,
      });
      violations.push(...verdict.violations.map((violation) => `${name}: ${violation}`));
      for (const key of [
        'attempts',
        'acknowledged',
        'conflicts409',
        'finalVersion',
        'writesPerSecond',
      ]) {
        figures[`${name}.${key}`] = verdict.figures[key]!;
      }
      const perInstance = [0, 1].map(
        (instance) =>
          history.writes.filter((w) => w.instance === instance && w.status === 204).length,
      );
      figures[`${name}.ackedPerInstance`] = perInstance.join('/');
      if (perInstance.some((count) => count === 0))
        violations.push(`${name}: one instance never wrote`);
    }

    // The stream: every outbox event exactly once, in outbox (= version) order, per checkout.
    const messages = await watcher.waitFor([versionedId, unversionedId], outboxTotal, 120_000);
    const ids = messages.map((message) => message.envelope.id);
    const duplicates = ids.length - new Set(ids).size;
    if (duplicates > 0) violations.push(`${duplicates} duplicate event ids on the stream`);
    for (const [checkoutId, outboxIds] of outboxes) {
      const own: StreamMessage[] = messages.filter((m) => m.envelope.subject === checkoutId);
      if (JSON.stringify(own.map((m) => m.envelope.id)) !== JSON.stringify(outboxIds)) {
        violations.push(
          `${checkoutId}: ${own.length} stream events, not the ${outboxIds.length} outbox events in order`,
        );
      }
      const versions = own.map((m) => m.envelope.checkoutversion);
      if (versions.some((version, index) => index > 0 && version < versions[index - 1]!)) {
        violations.push(`${checkoutId}: stream events out of version order`);
      }
      if (own.some((m) => m.msgId !== m.envelope.id))
        violations.push('Nats-Msg-Id differs from id');
    }

    record(
      'several instances: 2 processes, versioned + unversioned hammers',
      {
        ...figures,
        outboxEvents: outboxTotal,
        streamEvents: messages.length,
        duplicateIds: duplicates,
        violations: violations.length,
      },
      violations,
    );
    expect(violations).toEqual([]);
  });
});
