import { checkHistory, CheckoutState, History, WriteRecord } from './support/hammer';
import { OutboxRow } from './support/service';

/**
 * The history checker itself: it must catch every anomaly the hammers look for, or their green
 * results would mean nothing. Synthetic histories, no service.
 */
const ID = '00000000-0000-4000-8000-000000000001';
let clock = 0;

function write(value: string, status: number, version?: number, expected?: number): WriteRecord {
  clock += 10;
  return {
    checkoutId: ID,
    writer: 0,
    instance: 0,
    expected,
    value,
    status,
    version,
    currentVersion: status === 409 ? (expected ?? 0) + 1 : undefined,
    wellFormed503: status === 503,
    start: clock,
    end: clock + 5,
  };
}

const row = (version: number, type: string, firstName?: string): OutboxRow => ({
  id: `${version}-${type}`,
  sequence: String(version * 10 + (type === 'checkout.AbandonedCartCandidate' ? 1 : 0)),
  aggregate_version: version,
  type,
  payload: firstName === undefined ? {} : { contact: { firstName } },
});

/** The outbox of a correct run where `values[i]` was written at version i + 2. */
const outboxOf = (values: string[]): OutboxRow[] => [
  row(1, 'checkout.CheckoutCreated'),
  ...values.flatMap((value, index) => [
    row(index + 2, 'checkout.ContactUpdated', value),
    ...(index === 0 ? [row(2, 'checkout.AbandonedCartCandidate')] : []),
  ]),
];

const state = (version: number, firstName?: string): CheckoutState => ({ version, firstName });
const check = (history: History, final: CheckoutState, outbox: OutboxRow[], versioned = true) =>
  checkHistory(history, final, outbox, { versioned, faults: false }).violations;

describe('the history checker', () => {
  const good = (): History => ({
    writes: [write('a', 204, 2, 1), write('b', 409, undefined, 1), write('c', 204, 3, 2)],
    reads: [],
  });

  it('accepts a correct history', () => {
    expect(check(good(), state(3, 'c'), outboxOf(['a', 'c']))).toEqual([]);
  });

  it('catches a lost update: an acknowledged write missing from the outbox and the version', () => {
    const violations = check(good(), state(2, 'a'), outboxOf(['a']));
    expect(violations.join('\n')).toMatch(
      /c \(version 3\) is not that version's event|final version/,
    );
  });

  it('catches a version acknowledged twice', () => {
    const history = good();
    history.writes[2] = write('c', 204, 2, 1);
    expect(check(history, state(3, 'c'), outboxOf(['a', 'c'])).join('\n')).toMatch(/twice/);
  });

  it('catches a gap in the version chain and a final state that is not the last write', () => {
    const outbox = outboxOf(['a', 'c']).filter(
      (r) => r.aggregate_version !== 2 || r.type !== 'checkout.ContactUpdated',
    );
    expect(check(good(), state(3, 'a'), outbox).join('\n')).toMatch(/not exactly 2\.\.3/);
    expect(check(good(), state(3, 'a'), outboxOf(['a', 'c'])).join('\n')).toMatch(/final state/);
  });

  it('catches an invented change and one applied twice', () => {
    expect(check(good(), state(4, 'x'), outboxOf(['a', 'c', 'x'])).join('\n')).toMatch(
      /nobody made/,
    );
    expect(check(good(), state(4, 'c'), outboxOf(['a', 'c', 'c'])).join('\n')).toMatch(
      /applied twice/,
    );
  });

  it('catches a stale read and a write ordered against real time', () => {
    const history = good();
    history.reads.push({
      checkoutId: ID,
      status: 200,
      version: 2,
      start: clock + 100,
      end: clock + 101,
    });
    expect(check(history, state(3, 'c'), outboxOf(['a', 'c'])).join('\n')).toMatch(/real-time/);
  });

  it('catches 5xx, hangs, a 409 for an unversioned write, and a malformed 503', () => {
    const history: History = {
      writes: [write('a', 204, 2), write('b', 500), write('c', -1), write('d', 409)],
      reads: [],
    };
    const violations = check(history, state(2, 'a'), outboxOf(['a']), false).join('\n');
    expect(violations).toMatch(/unexpected statuses: 500/);
    expect(violations).toMatch(/timeout/);
    expect(violations).toMatch(/unversioned writes got 409/);
    const unavailable = {
      writes: [write('a', 204, 2), { ...write('b', 503), wellFormed503: false }],
      reads: [],
    };
    expect(
      checkHistory(unavailable, state(2, 'a'), outboxOf(['a']), {
        versioned: false,
        faults: true,
      }).violations.join('\n'),
    ).toMatch(/without problem\+json/);
  });
});
