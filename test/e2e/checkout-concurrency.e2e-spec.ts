import {
  BillingAddressChangedData,
  ContactUpdatedData,
} from '../../src/checkout/domain/checkout.events';
import { CheckoutResponse } from '../../src/checkout/http/checkout.response';
import {
  aContactBody,
  anAddressBody,
  billingPath,
  checkoutPath,
  CONTACT,
  expectProblem,
  outboxEvents,
  outboxSummary,
} from '../support/checkout-api';
import { TestApp, uniqueShopper } from '../support/test-app';

const N = 50;

describe('checkout API: concurrent updates of one checkout', () => {
  let t: TestApp;
  let shopper: string;
  let token: string;
  let checkout: CheckoutResponse;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    shopper = uniqueShopper();
    token = t.shopper(shopper);
    checkout = await t.createCheckout(shopper);
  });

  const read = async () =>
    (await t.request('GET', checkoutPath(checkout.id), { token })).json<CheckoutResponse>();
  const contactUpdates = () =>
    outboxEvents<ContactUpdatedData>(t, checkout.id, 'checkout.ContactUpdated');

  it(`${N} simultaneous unversioned updates all succeed; the version rises by exactly ${N}`, async () => {
    const responses = await Promise.all(
      Array.from({ length: N }, (_, index) =>
        t.request('POST', CONTACT, {
          token,
          body: aContactBody(checkout.id, { firstName: `Jane-${index}` }),
        }),
      ),
    );

    expect(responses.map((response) => response.statusCode)).toEqual(Array(N).fill(204));
    // Every request got its own version: none was lost or merged with another.
    const etags = responses.map((response) =>
      Number(String(response.headers.etag).replaceAll('"', '')),
    );
    expect([...etags].sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i + 2));

    const current = await read();
    expect(current.version).toBe(1 + N);
    const rows = await contactUpdates();
    expect(rows).toHaveLength(N);
    expect(rows.map((row) => row.version)).toEqual(Array.from({ length: N }, (_, i) => i + 2));
    // The stored contact is the one of the update that committed last.
    expect(current.contact!.firstName).toBe(rows.at(-1)!.data.contact.firstName);
    expect(new Set(rows.map((row) => row.data.contact.firstName)).size).toBe(N);
    // One email throughout: announced once.
    const all = await t.outbox(checkout.id);
    expect(all.filter((row) => row.type === 'checkout.AbandonedCartCandidate')).toHaveLength(1);
    expect(all).toHaveLength(1 + N + 1);
  });

  it(`${N} simultaneous updates carrying the same version: exactly one succeeds, ${N - 1} get 409`, async () => {
    const responses = await Promise.all(
      Array.from({ length: N }, (_, index) =>
        t.request('POST', CONTACT, {
          token,
          body: aContactBody(checkout.id, { firstName: `Jane-${index}`, version: 1 }),
        }),
      ),
    );

    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 204)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(N - 1);
    for (const response of responses.filter((r) => r.statusCode === 409)) {
      expect(expectProblem(response, 409, CONTACT).currentVersion).toBe(2);
    }

    const winner = responses.findIndex((response) => response.statusCode === 204);
    const current = await read();
    expect(current.version).toBe(2);
    expect(current.contact!.firstName).toBe(`Jane-${winner}`);
    const rows = await contactUpdates();
    expect(rows.map((row) => [row.version, row.data.contact.firstName])).toEqual([
      [2, `Jane-${winner}`],
    ]);
  });

  it('different commands racing without versions are all applied, none lost', async () => {
    const added = await t.request('POST', billingPath(checkout.id), {
      token,
      body: anAddressBody(),
    });
    const addressId = added.json().billingAddress.id;

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        index % 2 === 0
          ? t.request('POST', CONTACT, {
              token,
              body: aContactBody(checkout.id, { lastName: `L${index}` }),
            })
          : t.request('PUT', billingPath(checkout.id, addressId), {
              token,
              body: anAddressBody({ city: `C${index}` }),
            }),
      ),
    );

    expect(responses.map((response) => response.statusCode).sort()).toEqual([
      ...Array(10).fill(200),
      ...Array(10).fill(204),
    ]);
    const current = await read();
    expect(current.version).toBe(2 + 20);
    const changes = (await outboxSummary(t, checkout.id)).filter(([type]) =>
      ['checkout.ContactUpdated', 'checkout.BillingAddressUpdated'].includes(type),
    );
    expect(changes.map(([, version]) => version)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 3),
    );
    // The stored state holds the last committed contact AND the last committed address.
    const contacts = await contactUpdates();
    const addresses = await outboxEvents<BillingAddressChangedData>(
      t,
      checkout.id,
      'checkout.BillingAddressUpdated',
    );
    expect(current.contact).toEqual(contacts.at(-1)!.data.contact);
    expect(current.billingAddress!.city).toBe(addresses.at(-1)!.data.billingAddress.city);
  });
});
