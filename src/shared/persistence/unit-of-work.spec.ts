import { EventBus } from '@nestjs/cqrs';
import { DataSource, QueryRunner } from 'typeorm';
import { UnitOfWork } from './unit-of-work';

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

describe('UnitOfWork transactions', () => {
  const log: string[] = [];
  let runners = 0;
  const dataSource = {
    createQueryRunner: () => fakeRunner(`tx${(runners += 1)}`, log),
  } as unknown as DataSource;
  const uow = new UnitOfWork(dataSource, { publishAll: () => undefined } as unknown as EventBus);

  it('keeps each transaction its own runner while others begin and end around it', async () => {
    let releaseFirst!: () => void;
    const firstMayEnd = new Promise<void>((resolve) => (releaseFirst = resolve));
    const first = uow.transaction(async () => {
      await uow.query('SELECT 1');
      await firstMayEnd;
      // The second transaction has started and ended meanwhile.
      expect(uow.locking).toBe(true);
      await uow.query('SELECT 3');
    });
    await uow.transaction(async () => {
      expect(uow.locking).toBe(true);
      await uow.query('SELECT 2');
    });
    releaseFirst();
    await first;
    expect(log).toEqual(['tx1: SELECT 1', 'tx2: SELECT 2', 'tx1: SELECT 3']);
    expect(uow.locking).toBe(false);

    // And a transaction after all of them ended still has its scope.
    await uow.transaction(async () => {
      expect(uow.locking).toBe(true);
      await uow.query('SELECT 4');
    });
    expect(log.at(-1)).toBe('tx3: SELECT 4');
    expect(uow.locking).toBe(false);
  });
});
