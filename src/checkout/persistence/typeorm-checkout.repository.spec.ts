import { EventBus } from '@nestjs/cqrs';
import fc from 'fast-check';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { validateEnvironment } from '../../config/environment';
import { ConcurrentModificationError } from '../../shared/domain/domain-error';
import { DomainEvent } from '../../shared/domain/domain-event';
import { dataSourceOptions } from '../../shared/persistence/data-source-options';
import { runMigrations } from '../../shared/persistence/migrator';
import { UnitOfWork } from '../../shared/persistence/unit-of-work';
import { Checkout } from '../domain/checkout';
import { BillingAddressFields, Contact } from '../domain/checkout-parts';
import { CheckoutNotFoundError } from '../domain/checkout.errors';
import { aCheckout, context, guest, merchant } from '../../../test/support/checkout.fixtures';
import { RecentCheckouts } from './recent-checkouts';
import { TypeOrmCheckoutRepository } from './typeorm-checkout.repository';

/** The SQL repository against a real database: the test database server, or embedded PostgreSQL. */
describe('TypeOrmCheckoutRepository', () => {
  let dataSource: DataSource;
  let published: DomainEvent[];
  let uow: UnitOfWork;
  let repository: TypeOrmCheckoutRepository;

  beforeAll(async () => {
    const { database } = new AppConfig(validateEnvironment(process.env));
    dataSource = await new DataSource(dataSourceOptions(database)).initialize();
    await runMigrations(dataSource, database.kind === 'embedded');
  });
  afterAll(() => dataSource.destroy());

  beforeEach(() => {
    published = [];
    const eventBus = { publishAll: (events: DomainEvent[]) => published.push(...events) };
    uow = new UnitOfWork(dataSource, eventBus as unknown as EventBus);
    repository = new TypeOrmCheckoutRepository(uow, new RecentCheckouts(100));
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

  describe('remembered checkouts (recall)', () => {
    /** Text as a client may send it; PostgreSQL text cannot hold NUL. */
    const text = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/\0/g, ''));
    const optional = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: undefined });
    const withoutUndefined = <T extends object>(value: T): T =>
      Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
    const aContact: fc.Arbitrary<Contact> = fc
      .record({
        firstName: text,
        lastName: text,
        email: fc.emailAddress(),
        phone: optional(text),
        addressLine1: optional(text),
        city: optional(text),
        postCode: optional(text),
        country: optional(fc.constantFrom('US', 'DE')),
      })
      .map(withoutUndefined);
    const anAddress: fc.Arbitrary<BillingAddressFields> = fc
      .record({
        countryCode: fc.constantFrom('US', 'DE', 'FR'),
        email: optional(fc.emailAddress()),
        firstName: optional(text),
        company: optional(text),
        address1: optional(text),
        postalCode: optional(text),
        customFields: optional(
          fc.array(fc.record({ fieldId: text, fieldValue: text }), { maxLength: 2 }),
        ),
      })
      .map(withoutUndefined);
    type Step = (checkout: Checkout) => void;
    const aStep: fc.Arbitrary<Step> = fc.oneof(
      aContact.map(
        (contact): Step =>
          (checkout) =>
            checkout.updateContact(contact, context()),
      ),
      anAddress.map((fields): Step => (checkout) => {
        const current = checkout.snapshot.billingAddress;
        if (current) checkout.updateBillingAddress(current.id, fields, context());
        else checkout.addBillingAddress({ email: 'ann@example.com', ...fields }, context());
      }),
    );

    it('remembers each saved checkout exactly as a load from the database returns it', async () => {
      const fromDatabase = new TypeOrmCheckoutRepository(uow, new RecentCheckouts(0));
      await fc.assert(
        fc.asyncProperty(fc.array(aStep, { minLength: 0, maxLength: 3 }), async (steps) => {
          const checkout = aCheckout();
          await repository.save(checkout);
          for (const step of steps) {
            const next = repository.recall(checkout.id, guest)!;
            step(next);
            await repository.save(next);
          }
          const remembered = repository.recall(checkout.id, guest);
          const stored = await fromDatabase.load(checkout.id, guest);
          expect(remembered?.storedVersion).toBe(stored.storedVersion);
          expect(remembered?.snapshot).toStrictEqual(stored.snapshot);
        }),
        { numRuns: 60 },
      );
    });

    it('remembers what it saved, not what it only read; shows it only to viewers who may see it', async () => {
      const checkout = aCheckout();
      await new TypeOrmCheckoutRepository(uow, new RecentCheckouts(0)).save(checkout);
      await repository.load(checkout.id, guest);
      expect(repository.recall(checkout.id, guest)).toBeUndefined();

      const loaded = await repository.load(checkout.id, merchant);
      loaded.updateContact({ firstName: 'A', lastName: 'B', email: 'a@example.com' }, context());
      await repository.save(loaded);

      expect(repository.recall(checkout.id, guest)?.version).toBe(2);
      expect(repository.recall(checkout.id, { role: 'guest', subject: 'other' })).toBeUndefined();
    });

    it('forgets a checkout whose save lost a race, and counts a refused copy as stale', async () => {
      const recent = new RecentCheckouts(100);
      const registry = new Registry();
      recent.registerWith(registry);
      const counted = async (name: string) =>
        (await registry.getSingleMetric(name)!.get()).values.map(
          (value) => `${value.labels.result ?? ''}=${value.value}`,
        );
      const remembering = new TypeOrmCheckoutRepository(uow, recent);
      const elsewhere = new TypeOrmCheckoutRepository(uow, new RecentCheckouts(0));
      const changeElsewhere = async (id: string) => {
        const current = await elsewhere.load(id, guest);
        current.updateContact({ firstName: 'A', lastName: 'B', email: 'a@example.com' }, context());
        await elsewhere.save(current);
      };
      const checkout = aCheckout();
      await remembering.save(checkout);
      const staleLoad = await remembering.load(checkout.id, guest);
      const staleCopy = remembering.recall(checkout.id, guest)!;
      await changeElsewhere(checkout.id);

      // A loaded checkout that lost the race is not the memory's fault...
      staleLoad.updateContact({ firstName: 'C', lastName: 'D', email: 'c@example.com' }, context());
      await expect(remembering.save(staleLoad)).rejects.toBeInstanceOf(ConcurrentModificationError);
      expect(await counted('checkout_cache_stale_total')).toEqual(['=0']);
      // ...a remembered one is.
      staleCopy.updateContact({ firstName: 'C', lastName: 'D', email: 'c@example.com' }, context());
      await expect(remembering.save(staleCopy)).rejects.toBeInstanceOf(ConcurrentModificationError);

      expect(remembering.recall(checkout.id, guest)).toBeUndefined();
      expect(await counted('checkout_cache_stale_total')).toEqual(['=1']);
      expect(await counted('checkout_cache_recalls_total')).toEqual(['hit=1', 'miss=1']);
    });

    it('remembers nothing of a transaction that rolled back', async () => {
      const checkout = aCheckout();
      await repository.save(checkout);
      await expect(
        uow.transaction(async () => {
          const loaded = await repository.load(checkout.id, guest);
          loaded.updateContact(
            { firstName: 'A', lastName: 'B', email: 'a@example.com' },
            context(),
          );
          await repository.save(loaded);
          throw new Error('abort after save');
        }),
      ).rejects.toThrow('abort after save');

      expect(repository.recall(checkout.id, guest)?.version).toBe(1);
    });
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
