import { readFileSync } from 'node:fs';
import { StreamWatcher } from '../support/nats';
import {
  call,
  checkHistory,
  checkoutPath,
  CONTACT,
  createCheckout,
  hammer,
  History,
  readCheckout,
} from './support/hammer';
import { record } from './support/report';
import {
  freshDatabase,
  merchantToken,
  NATS_URL,
  outboxOf,
  Service,
  size,
  startService,
  TestDatabase,
} from './support/service';

/**
 * A trigger, installed in this test's database only, fails a contact write whose firstName starts
 * with "explode" at the very end of the statement, and only once the statement has inserted the
 * write's outbox row (it checks, and lets the write through otherwise, which the test would see as
 * a 204). So the statement gets as far as it can before failing: the outbox row must go with it.
 */
const FAIL_AFTER_OUTBOX = `
  CREATE FUNCTION reliability_fail_after_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.contact ->> 'first_name' LIKE 'explode%' AND EXISTS (
         SELECT 1 FROM outbox o
          WHERE o.aggregate_id = NEW.id AND o.aggregate_version = NEW.version
            AND o.type = 'checkout.ContactUpdated'
            AND o.payload -> 'contact' ->> 'firstName' = NEW.contact ->> 'first_name') THEN
      RAISE EXCEPTION 'reliability test: the write fails after its outbox insert';
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER reliability_fail_after_outbox AFTER INSERT OR UPDATE ON checkouts
     FOR EACH ROW EXECUTE FUNCTION reliability_fail_after_outbox();`;

describe('outbox atomicity', () => {
  let database: TestDatabase;
  let service: Service;
  let watcher: StreamWatcher;

  beforeAll(async () => {
    database = await freshDatabase('atomicity');
    watcher = await StreamWatcher.start(NATS_URL);
    service = await startService(database.url, { NATS_URL });
    await database.query(FAIL_AFTER_OUTBOX);
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    await watcher?.close();
    await database?.drop();
  });

  it('a write that fails after its outbox insert leaves no event, no state, nothing on the stream', async () => {
    const checkoutId = await createCheckout(service, 'atomicity-single');
    watcher.watch(checkoutId);
    const token = merchantToken('atomicity');
    const ok = await call(service, 'POST', CONTACT, token, {
      sessionId: checkoutId,
      firstName: 'before',
      lastName: 'Lee',
      email: 'ann@example.com',
    });
    expect(ok.status).toBe(204);
    const before = await outboxOf(database, checkoutId);

    const failed = await Promise.all(
      [{ version: 2 }, {}].map((extra, index) =>
        call(service, 'POST', CONTACT, token, {
          sessionId: checkoutId,
          firstName: `explode-single-${index}`,
          lastName: 'Lee',
          email: `changed-${index}@example.com`,
          ...extra,
        }),
      ),
    );

    expect(failed.map((response) => response.status)).toEqual([500, 500]);
    for (const response of failed)
      expect(response.body).not.toMatch(/SELECT|INSERT|UPDATE|explode/);
    expect(await readCheckout(service, checkoutId)).toEqual({ version: 2, firstName: 'before' });
    expect(await outboxOf(database, checkoutId)).toEqual(before);
    const read = await call(service, 'GET', checkoutPath(checkoutId), token);
    expect(read.headers?.get('etag')).toBe('"2"');
    const stream = await watcher.waitFor([checkoutId], before.length, 15_000);
    expect(stream.map((m) => m.envelope.id)).toEqual(before.map((row) => row.id));
    record('outbox atomicity: failing write after outbox insert', {
      failedWrites: failed.length,
      status: failed.map((response) => response.status).join('/'),
      outboxRowsBefore: before.length,
      outboxRowsAfter: (await outboxOf(database, checkoutId)).length,
      streamEvents: stream.length,
    });
  });

  it('under concurrent load, failing writes (optimistic and locking-retry paths) leave no trace', async () => {
    const checkouts = size(8, 16);
    const attemptsEach = size(150, 600);
    const ids = await Promise.all(
      Array.from({ length: checkouts }, (_, index) =>
        createCheckout(service, `atomicity-${index}`),
      ),
    );
    watcher.watch(...ids);

    // Half the checkouts versioned, half not; every third write of a writer fails in the database.
    const histories: History[] = await Promise.all(
      ids.map((checkoutId, index) =>
        hammer({
          tag: `a${index}`,
          checkoutId,
          services: [service],
          writers: 4,
          attempts: attemptsEach,
          versioned: index % 2 === 0,
          maxDurationMs: size(120_000, 600_000),
          valueFor: (writer, n) => `${n % 3 === 2 ? 'explode' : 'a'}${index}-w${writer}-n${n}`,
        }),
      ),
    );

    const violations: string[] = [];
    let exploded = 0;
    let exploded500 = 0;
    let acknowledged = 0;
    let outboxRows = 0;
    for (const [index, history] of histories.entries()) {
      const checkoutId = ids[index]!;
      const explodes = history.writes.filter((write) => write.value.startsWith('explode'));
      exploded += explodes.length;
      exploded500 += explodes.filter((write) => write.status === 500).length;
      // A failing write is a 500, or a 409 when its version was already stale.
      const wrong = explodes.filter((write) => write.status !== 500 && write.status !== 409);
      if (wrong.length > 0)
        violations.push(`${checkoutId}: failing writes answered ${wrong[0]!.status}`);
      const rest = { ...history, writes: history.writes.filter((w) => !explodes.includes(w)) };
      const outbox = await outboxOf(database, checkoutId);
      outboxRows += outbox.length;
      if (outbox.some((row) => JSON.stringify(row.payload).includes('explode'))) {
        violations.push(`${checkoutId}: a failed write left an outbox row`);
      }
      const verdict = checkHistory(rest, await readCheckout(service, checkoutId), outbox, {
        versioned: index % 2 === 0,
        faults: false,
      });
      acknowledged += Number(verdict.figures.acknowledged);
      violations.push(...verdict.violations.map((violation) => `${checkoutId}: ${violation}`));
    }
    // Every committed event reaches the stream once, in outbox order; no failed write does.
    const expectedEvents = outboxRows;
    const stream = await watcher.waitFor(ids, expectedEvents, 60_000);
    const streamIds = stream.map((m) => m.envelope.id);
    if (new Set(streamIds).size !== streamIds.length)
      violations.push('duplicate ids on the stream');
    if (stream.some((m) => JSON.stringify(m.envelope.data).includes('explode'))) {
      violations.push('a failed write reached the stream');
    }
    for (const checkoutId of ids) {
      const outbox = (await outboxOf(database, checkoutId)).map((row) => row.id);
      const published = stream
        .filter((m) => m.envelope.subject === checkoutId)
        .map((m) => m.envelope.id);
      if (JSON.stringify(outbox) !== JSON.stringify([...new Set(published)])) {
        violations.push(`${checkoutId}: stream events differ from the outbox`);
      }
    }

    // The service logs each 500 with its stack: which failures hit the locking retry path.
    const failures = readFileSync(service.logFile, 'utf8')
      .split('\n')
      .filter((line) => line.includes('the write fails after its outbox insert'));
    const inTransaction = failures.filter((line) => line.includes('StatementRunner.transaction'));
    if (inTransaction.length === 0) violations.push('no failing write took the locking retry path');

    record(
      `outbox atomicity: ${checkouts} checkouts x 4 writers, 1/3 failing`,
      {
        writes: histories.reduce((sum, h) => sum + h.writes.length, 0),
        failingWrites: exploded,
        failedInDatabase500: exploded500,
        staleVersion409: exploded - exploded500,
        failedInLockingRetry: inTransaction.length,
        acknowledged,
        outboxRows,
        streamEvents: stream.length,
        uniqueStreamIds: new Set(streamIds).size,
        violations: violations.length,
      },
      violations,
    );
    expect(violations).toEqual([]);
  });
});
