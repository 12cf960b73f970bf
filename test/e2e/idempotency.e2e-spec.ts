import { TestApp, uniqueShopper } from '../support/test-app';

const CONTACT = '/api/Checkout/sessions/me/contact';

describe('Idempotency-Key on POST', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const contact = (sessionId: string, email = 'jane@example.com') => ({
    sessionId,
    firstName: 'Jane',
    lastName: 'Doe',
    email,
  });
  const version = async (id: string, token: string) =>
    (await t.request('GET', `/api/storefront/checkouts/${id}`, { token })).json<{
      version: number;
    }>().version;

  it('replays the first response to a retry and applies the change once', async () => {
    const shopper = uniqueShopper();
    const token = t.shopper(shopper);
    const { id } = await t.createCheckout(shopper);
    const headers = { 'idempotency-key': `retry-${shopper}` };

    const first = await t.request('POST', CONTACT, { token, body: contact(id), headers });
    const retry = await t.request('POST', CONTACT, { token, body: contact(id), headers });

    expect(first.statusCode).toBe(204);
    expect(retry.statusCode).toBe(204);
    expect(retry.headers.etag).toBe('"2"');
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await version(id, token)).toBe(2);
    expect(
      (await t.outbox(id)).filter((row) => row.type === 'checkout.ContactUpdated'),
    ).toHaveLength(1);
  });

  it('replays a created checkout instead of creating a second one', async () => {
    const shopper = uniqueShopper();
    const body = {
      shopperId: shopper,
      currency: 'USD',
      lineItems: [{ productId: 'p', name: 'n', quantity: 1, unitPrice: 5 }],
    };
    const headers = { 'idempotency-key': `create-${shopper}` };
    const first = await t.request('POST', '/api/checkouts', { token: t.merchant(), body, headers });
    const retry = await t.request('POST', '/api/checkouts', { token: t.merchant(), body, headers });
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    expect(retry.headers.location).toBe(first.headers.location);
    const [{ count }] = await t.dataSource.query(
      'SELECT count(*)::int AS count FROM checkouts WHERE shopper_id = $1',
      [shopper],
    );
    expect(count).toBe(1);
  });

  it('refuses the same key with a different body: 422, nothing applied', async () => {
    const shopper = uniqueShopper();
    const token = t.shopper(shopper);
    const { id } = await t.createCheckout(shopper);
    const headers = { 'idempotency-key': `reuse-${shopper}` };
    await t.request('POST', CONTACT, { token, body: contact(id), headers });
    const reused = await t.request('POST', CONTACT, {
      token,
      body: contact(id, 'other@example.com'),
      headers,
    });
    expect(reused.statusCode).toBe(422);
    expect(reused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(reused.json()).toMatchObject({ status: 422, instance: CONTACT });
    expect(await version(id, token)).toBe(2);
  });

  it('applies concurrent retries with one key exactly once', async () => {
    const shopper = uniqueShopper();
    const token = t.shopper(shopper);
    const { id } = await t.createCheckout(shopper);
    const headers = { 'idempotency-key': `burst-${shopper}` };
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.request('POST', CONTACT, { token, body: contact(id), headers }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(204));
    expect(await version(id, token)).toBe(2);
  });

  it('keeps callers apart: the same key from two shoppers is two requests', async () => {
    const a = uniqueShopper();
    const b = uniqueShopper();
    const checkoutA = await t.createCheckout(a);
    const checkoutB = await t.createCheckout(b);
    const headers = { 'idempotency-key': 'shared-key-value' };
    const first = await t.request('POST', CONTACT, {
      token: t.shopper(a),
      body: contact(checkoutA.id),
      headers,
    });
    const second = await t.request('POST', CONTACT, {
      token: t.shopper(b),
      body: contact(checkoutB.id),
      headers,
    });
    expect(first.statusCode).toBe(204);
    expect(second.statusCode).toBe(204);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(await version(checkoutB.id, t.shopper(b))).toBe(2);
  });

  it('does not remember failures: a failed request is executed again on retry', async () => {
    const shopper = uniqueShopper();
    const token = t.shopper(shopper);
    const { id } = await t.createCheckout(shopper);
    const key = `fail-${shopper}`;
    const stale = await t.request('POST', CONTACT, {
      token,
      body: { ...contact(id), version: 7 },
      headers: { 'idempotency-key': key },
    });
    expect(stale.statusCode).toBe(409);
    expect(
      await t.dataSource.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [key]),
    ).toHaveLength(0);
    const retried = await t.request('POST', CONTACT, {
      token,
      body: { ...contact(id), version: 1 },
      headers: { 'idempotency-key': key },
    });
    expect(retried.statusCode).toBe(204);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(await version(id, token)).toBe(2);
  });

  it('forgets keys after 24 hours', async () => {
    const shopper = uniqueShopper();
    const token = t.shopper(shopper);
    const { id } = await t.createCheckout(shopper);
    const key = `old-${shopper}`;
    await t.request('POST', CONTACT, {
      token,
      body: contact(id),
      headers: { 'idempotency-key': key },
    });
    await t.dataSource.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`,
      [key],
    );
    const later = await t.request('POST', CONTACT, {
      token,
      body: contact(id),
      headers: { 'idempotency-key': key },
    });
    expect(later.statusCode).toBe(204);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(await version(id, token)).toBe(3);
  });

  it('refuses a malformed key with 400', async () => {
    const shopper = uniqueShopper();
    const { id } = await t.createCheckout(shopper);
    const response = await t.request('POST', CONTACT, {
      token: t.shopper(shopper),
      body: contact(id),
      headers: { 'idempotency-key': 'x'.repeat(256) },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().fields).toHaveProperty('Idempotency-Key');
  });
});
