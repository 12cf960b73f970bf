import { context, guest } from '../support/checkout.fixtures';
import { CheckoutResponse } from '../../src/checkout/http/checkout.response';
import { SqlCheckoutRepository } from '../../src/checkout/persistence/sql-checkout.repository';
import { StatementRunner } from '../../src/shared/persistence/statement-runner';
import {
  aContactBody,
  anAddressBody,
  billingPath,
  checkoutPath,
  CONTACT,
  expectProblem,
  outboxSummary,
} from '../support/checkout-api';
import { TestApp, uniqueShopper } from '../support/test-app';

/**
 * "Another instance" writes the same checkouts behind the service's back, through a repository of
 * its own on the same database: every answer must still be the one the stored state gives.
 */
describe('checkout API: changes made by another instance', () => {
  let t: TestApp;
  let elsewhere: SqlCheckoutRepository;
  let shopper: string;
  let token: string;
  let checkout: CheckoutResponse;

  beforeAll(async () => {
    t = await TestApp.start();
    elsewhere = new SqlCheckoutRepository(t.app.get(StatementRunner), t.config);
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    shopper = uniqueShopper();
    token = t.shopper(shopper);
    checkout = await t.createCheckout(shopper);
    const first = await t.request('POST', CONTACT, { token, body: aContactBody(checkout.id) });
    expect(first.headers.etag).toBe('"2"');
  });

  const viewer = () => ({ ...guest, subject: shopper });
  /** Adds a billing address from "another instance" and returns its id. */
  const addAddressElsewhere = async (): Promise<string> => {
    const stored = await elsewhere.load(checkout.id, viewer());
    const address = stored.addBillingAddress(
      { countryCode: 'DE', city: 'Berlin', email: 'other@example.com' },
      context(viewer(), new Date()),
    );
    await elsewhere.save(stored);
    return address.id;
  };
  const contactElsewhere = async (firstName: string) => {
    const stored = await elsewhere.load(checkout.id, viewer());
    stored.updateContact(
      { firstName, lastName: 'Else', email: 'else@example.com' },
      context(viewer(), new Date()),
    );
    await elsewhere.save(stored);
  };
  const read = async () =>
    (await t.request('GET', checkoutPath(checkout.id), { token })).json<CheckoutResponse>();

  it('updates an address only the other instance has seen added (not a 404)', async () => {
    const addressId = await addAddressElsewhere();

    const response = await t.request('PUT', billingPath(checkout.id, addressId), {
      token,
      body: anAddressBody({ city: 'Hamburg', countryCode: 'DE', country: 'Germany' }),
    });

    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"4"');
    expect(response.json<CheckoutResponse>().billingAddress).toMatchObject({
      id: addressId,
      city: 'Hamburg',
    });
  });

  it('refuses a second address when the other instance added one (409, not a second address)', async () => {
    await addAddressElsewhere();

    const response = await t.request('POST', billingPath(checkout.id), {
      token,
      body: anAddressBody(),
    });

    expectProblem(response, 409);
    expect((await read()).billingAddress?.city).toBe('Berlin');
  });

  it('accepts the version the other instance wrote, and reports it in a conflict', async () => {
    await contactElsewhere('Other');

    const current = await t.request('POST', CONTACT, {
      token,
      body: aContactBody(checkout.id, { version: 3, firstName: 'Mine' }),
    });
    expect(current.statusCode).toBe(204);
    expect(current.headers.etag).toBe('"4"');

    await contactElsewhere('Other again');
    const stale = await t.request('POST', CONTACT, {
      token,
      body: aContactBody(checkout.id, { version: 4, firstName: 'Late' }),
    });
    expect(expectProblem(stale, 409).currentVersion).toBe(5);
    expect(await read()).toMatchObject({ version: 5, contact: { firstName: 'Other again' } });
  });

  it('applies an unversioned change on top of the other instance’s, losing neither', async () => {
    const addressId = await addAddressElsewhere();

    const response = await t.request('POST', CONTACT, {
      token,
      body: aContactBody(checkout.id, { firstName: 'Last' }),
    });

    expect(response.statusCode).toBe(204);
    expect(response.headers.etag).toBe('"4"');
    const stored = await read();
    expect(stored.version).toBe(4);
    expect(stored.billingAddress?.id).toBe(addressId);
    // Every version exactly once in the outbox, in order.
    const versions = (await outboxSummary(t, checkout.id)).map(([, version]) => version);
    expect([...new Set(versions)]).toEqual([1, 2, 3, 4]);
  });
});
