import { EventBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { validateEnvironment } from '../../config/environment';
import { ConcurrentModificationError } from '../../shared/domain/domain-error';
import { DomainEvent } from '../../shared/domain/domain-event';
import { dataSourceOptions } from '../../shared/persistence/data-source-options';
import { runMigrations } from '../../shared/persistence/migrator';
import { StatementRunner } from '../../shared/persistence/statement-runner';
import { CheckoutNotFoundError } from '../domain/checkout.errors';
import { aCheckout, context, guest, merchant } from '../../../test/support/checkout.fixtures';
import { SqlCheckoutRepository } from './sql-checkout.repository';

/** The SQL repository against a real database: the test database server, or embedded PostgreSQL. */
describe('SqlCheckoutRepository', () => {
  let dataSource: DataSource;
  let published: DomainEvent[];
  let uow: StatementRunner;
  let repository: SqlCheckoutRepository;

  beforeAll(async () => {
    const { database } = new AppConfig(validateEnvironment(process.env));
    dataSource = await new DataSource(dataSourceOptions(database)).initialize();
    await runMigrations(dataSource, database.kind === 'embedded');
  });
  afterAll(() => dataSource.destroy());

  beforeEach(() => {
    published = [];
    const eventBus = { publishAll: (events: DomainEvent[]) => published.push(...events) };
    uow = new StatementRunner(dataSource, eventBus as unknown as EventBus);
    repository = new SqlCheckoutRepository(uow, new AppConfig(validateEnvironment({})));
  });

  const outboxOf = (id: string) =>
    dataSource.query<{ type: string; aggregate_version: number }[]>(
      'SELECT type, aggregate_version FROM outbox WHERE aggregate_id = $1 ORDER BY sequence',
      [id],
    );

  it('stores a new checkout with everything it holds, and its events, then reads it back', async () => {
    const checkout = aCheckout();
    checkout.updateContact(
      { firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com', city: 'Austin  ' },
      context(),
    );
    checkout.addBillingAddress(
      {
        countryCode: 'US',
        email: 'ann@example.com',
        customFields: [{ fieldId: 'f', fieldValue: 'v' }],
      },
      context(),
    );
    await repository.save(checkout);

    const loaded = await repository.load(checkout.id, guest);
    expect(loaded.snapshot).toEqual(checkout.snapshot);
    expect(loaded.storedVersion).toBe(3);
    expect(
      (await outboxOf(checkout.id)).map((row) => `${row.type}@${row.aggregate_version}`),
    ).toEqual([
      'checkout.CheckoutCreated@1',
      'checkout.ContactUpdated@2',
      'checkout.AbandonedCartCandidate@2',
      'checkout.BillingAddressAdded@3',
    ]);
    expect(published.map((event) => event.type)).toHaveLength(4);
    expect(checkout.pendingEvents).toHaveLength(0);
  });

  it('outbox rows carry the database time they were written at, to measure relay lag from', async () => {
    const before = await dataSource.query<{ now: Date }[]>('SELECT clock_timestamp() AS now');
    const checkout = aCheckout();
    await repository.save(checkout);
    const rows = await dataSource.query<{ recorded_at: Date | string | null }[]>(
      'SELECT recorded_at FROM outbox WHERE aggregate_id = $1',
      [checkout.id],
    );
    expect(rows).toHaveLength(1);
    expect(new Date(rows[0]!.recorded_at!).getTime()).toBeGreaterThanOrEqual(
      new Date(before[0]!.now).getTime(),
    );
  });

  it('refuses a save from a stale load, writing nothing and publishing nothing', async () => {
    const checkout = aCheckout();
    await repository.save(checkout);
    const first = await repository.load(checkout.id, guest);
    const second = await repository.load(checkout.id, guest);
    first.updateContact({ firstName: 'A', lastName: 'B', email: 'a@example.com' }, context());
    await repository.save(first);
    published = [];

    second.addBillingAddress({ countryCode: 'DE', email: 'b@example.com' }, context());
    await expect(repository.save(second)).rejects.toBeInstanceOf(ConcurrentModificationError);
    expect(published).toHaveLength(0);
    const stored = await repository.load(checkout.id, guest);
    expect(stored.version).toBe(2);
    expect(stored.snapshot.billingAddress).toBeNull();
    expect(await outboxOf(checkout.id)).toHaveLength(3);
  });

  it('hides a checkout from viewers who may not see it, exactly like a missing one', async () => {
    const checkout = aCheckout({ shopperId: 'someone-else' });
    await repository.save(checkout);
    await expect(repository.load(checkout.id, guest)).rejects.toBeInstanceOf(CheckoutNotFoundError);
    await expect(repository.load(crypto.randomUUID(), guest)).rejects.toBeInstanceOf(
      CheckoutNotFoundError,
    );
    await expect(repository.load(checkout.id, merchant)).resolves.toBeDefined();
  });

  it('publishes a transaction’s events only after it commits, and none when it rolls back', async () => {
    const checkout = aCheckout();
    await repository.save(checkout);
    published = [];
    await expect(
      uow.transaction(async () => {
        const loaded = await repository.load(checkout.id, guest);
        loaded.updateContact({ firstName: 'A', lastName: 'B', email: 'a@example.com' }, context());
        await repository.save(loaded);
        expect(published).toHaveLength(0);
        throw new Error('abort after save');
      }),
    ).rejects.toThrow('abort after save');
    expect(published).toHaveLength(0);
    expect((await repository.load(checkout.id, guest)).version).toBe(1);
    expect(await outboxOf(checkout.id)).toHaveLength(1);
  });

  it('hands out increasing order ids and reports the current version', async () => {
    const checkout = aCheckout();
    await repository.save(checkout);
    const [a, b] = [await repository.nextOrderId(), await repository.nextOrderId()];
    expect(b).toBeGreaterThan(a);
    expect(await repository.currentVersion(checkout.id)).toBe(1);
    expect(await repository.currentVersion(crypto.randomUUID())).toBeUndefined();
  });
});
