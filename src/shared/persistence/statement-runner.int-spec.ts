import { EventBus } from '@nestjs/cqrs';
import { DataSource, QueryRunner } from 'typeorm';
import { StatementRunner } from './statement-runner';

/** A query runner that records the statements sent to it. */
function fakeRunner(name: string, log: string[]): QueryRunner {
  let active = false;
  const settle = (effect: () => void = () => undefined) => {
    effect();
    return Promise.resolve();
  };
  return {
    connect: () => settle(),
    startTransaction: () => settle(() => (active = true)),
    commitTransaction: () => settle(() => (active = false)),
    rollbackTransaction: () => settle(() => (active = false)),
    release: () => settle(),
    get isTransactionActive() {
      return active;
    },
    query: (sql: string) => settle(() => log.push(`${name}: ${sql}`)).then(() => []),
  } as unknown as QueryRunner;
}

describe('StatementRunner transactions', () => {
  const log: string[] = [];
  let runners = 0;
  const dataSource = {
    createQueryRunner: () => fakeRunner(`tx${(runners += 1)}`, log),
  } as unknown as DataSource;
  const statements = new StatementRunner(dataSource, {
    publishAll: () => undefined,
  } as unknown as EventBus);

  it('keeps each transaction its own runner while others begin and end around it', async () => {
    let releaseFirst!: () => void;
    const firstMayEnd = new Promise<void>((resolve) => (releaseFirst = resolve));
    const first = statements.transaction(async () => {
      await statements.query('SELECT 1');
      await firstMayEnd;
      // The second transaction has started and ended meanwhile.
      expect(statements.locking).toBe(true);
      await statements.query('SELECT 3');
    });
    await statements.transaction(async () => {
      expect(statements.locking).toBe(true);
      await statements.query('SELECT 2');
    });
    releaseFirst();
    await first;
    expect(log).toEqual(['tx1: SELECT 1', 'tx2: SELECT 2', 'tx1: SELECT 3']);
    expect(statements.locking).toBe(false);

    // And a transaction after all of them ended still has its scope.
    await statements.transaction(async () => {
      expect(statements.locking).toBe(true);
      await statements.query('SELECT 4');
    });
    expect(log.at(-1)).toBe('tx3: SELECT 4');
    expect(statements.locking).toBe(false);
  });
});
