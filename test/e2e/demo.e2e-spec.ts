/**
 * Demo mode (DEMO_SEED=true): the demo checkouts are stored through the domain at start-up, once,
 * and the Swagger examples name them. Read-only here: with a PostgreSQL server every test file
 * shares one database, and test/browser/swagger.e2e-spec.ts runs the examples against them.
 */
import { DEMO } from '../../src/demo/demo-checkouts';
import { DemoSeeder } from '../../src/demo/demo-seeder';
import { TestApp } from '../support/test-app';

describe('demo mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    process.env.DEMO_SEED = 'true';
    t = await TestApp.start();
  });
  afterAll(async () => {
    delete process.env.DEMO_SEED;
    await t.close();
  });

  const get = (id: string, token: string) =>
    t.request('GET', `/api/storefront/checkouts/${id}`, { token });

  it("seeds the source API's example session as shopper-1's checkout in channel 1", async () => {
    const guest = await get(DEMO.checkoutId, t.shopper(DEMO.shopperId));
    expect(guest.statusCode).toBe(200);
    expect(guest.json()).toMatchObject({ id: DEMO.checkoutId, channelId: DEMO.channelId });
    expect(guest.json().cart.lineItems.physicalItems.length).toBeGreaterThan(0);
    expect((await get(DEMO.checkoutId, t.merchant(DEMO.channelId))).statusCode).toBe(200);
    expect((await get(DEMO.checkoutId, t.shopper('someone-else'))).statusCode).toBe(404);
    expect((await get(DEMO.checkoutId, t.merchant(2))).statusCode).toBe(404);
  });

  it('seeds a checkout whose billing address has the documented id, and a completed one', async () => {
    const token = t.shopper(DEMO.shopperId);
    const withAddress = await get(DEMO.checkoutWithBillingAddressId, token);
    expect(withAddress.json().billingAddress).toMatchObject({
      id: DEMO.billingAddressId,
      countryCode: 'US',
    });
    const completed = (await get(DEMO.completedCheckoutId, token)).json();
    expect(completed).toMatchObject({ version: 4, orderId: expect.any(Number) });
    expect(completed.contact).toMatchObject({ email: 'jane.doe@example.com' });
  });

  it('goes through the domain: one event per change in the outbox, in version order', async () => {
    const types = (await t.outbox(DEMO.completedCheckoutId))
      .filter((row) => row.type !== 'checkout.AbandonedCartCandidate')
      .map((row) => [row.type, row.aggregate_version]);
    expect(types).toEqual([
      ['checkout.CheckoutCreated', 1],
      ['checkout.ContactUpdated', 2],
      ['checkout.BillingAddressAdded', 3],
      ['checkout.CheckoutCompleted', 4],
    ]);
  });

  it('is idempotent: seeding again creates nothing and changes nothing', async () => {
    const before = (await get(DEMO.completedCheckoutId, t.merchant())).json();
    expect(await t.app.get(DemoSeeder).seed()).toEqual([]);
    expect((await get(DEMO.completedCheckoutId, t.merchant())).json()).toEqual(before);
    for (const id of [DEMO.checkoutId, DEMO.checkoutWithBillingAddressId]) {
      const created = (await t.outbox(id)).filter((row) => row.type === 'checkout.CheckoutCreated');
      expect(created).toHaveLength(1);
    }
  });

  it('names the demo data in the Swagger examples, so "Try it out" works as is', async () => {
    const { paths, components } = (await t.request('GET', '/docs-json')).json();
    const example = (path: string, method: string, name: string): unknown =>
      paths[path][method].parameters.find((p: { name: string }) => p.name === name).schema.example;
    expect(example('/api/storefront/checkouts/{checkoutId}', 'get', 'checkoutId')).toBe(
      DEMO.checkoutId,
    );
    const put = '/api/storefront/checkouts/{checkoutId}/billing-address/{addressId}';
    expect(example(put, 'put', 'checkoutId')).toBe(DEMO.checkoutWithBillingAddressId);
    expect(example(put, 'put', 'addressId')).toBe(DEMO.billingAddressId);
    const schemas = components.schemas;
    expect(schemas.UpdateContactRequest.properties.sessionId.example.toLowerCase()).toBe(
      DEMO.checkoutId,
    );
    expect(schemas.CreateCheckoutRequest.properties.shopperId.example).toBe(DEMO.shopperId);
    // A required header (such as an undocumented duplicate of If-Match) would block "Try it out".
    type Parameter = { in: string; required?: boolean };
    const operations = Object.values(paths as Record<string, Record<string, unknown>>).flatMap(
      (item) => Object.values(item) as { parameters?: Parameter[] }[],
    );
    const requiredHeaders = operations
      .flatMap((operation) => operation.parameters ?? [])
      .filter((parameter) => parameter.in === 'header' && parameter.required);
    expect(requiredHeaders).toEqual([]);
  });
});
