import { anAddressBody, billingPath, checkoutPath } from '../support/checkout-api';
import { TestApp, uniqueShopper } from '../support/test-app';

const CONTACT = '/api/Checkout/sessions/me/contact';

describe('Idempotency-Key on every write', () => {
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

  describe('on PUT, the same as on POST', () => {
    /** A checkout of a new shopper, with a billing address to replace. */
    const withAddress = async () => {
      const shopper = uniqueShopper();
      const token = t.shopper(shopper);
      const { id } = await t.createCheckout(shopper);
      const added = await t.request('POST', billingPath(id), { token, body: anAddressBody() });
      expect(added.statusCode).toBe(200);
      const put = (body: unknown, key: string) =>
        t.request('PUT', billingPath(id, added.json().billingAddress.id), {
          token,
          body,
          headers: { 'idempotency-key': key },
        });
      const updates = async () =>
        (await t.outbox(id)).filter((row) => row.type === 'checkout.BillingAddressUpdated');
      return { id, shopper, token, put, updates };
    };

    it('replays the first response to a retry: one version, one outbox row', async () => {
      const { id, shopper, token, put, updates } = await withAddress();
      const body = anAddressBody({ city: 'Dallas' });

      const first = await put(body, `put-${shopper}`);
      const retry = await put(body, `put-${shopper}`);

      expect(first.statusCode).toBe(200);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(retry.statusCode).toBe(200);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.headers.etag).toBe('"3"');
      expect(retry.json()).toEqual(first.json());
      expect(await version(id, token)).toBe(3);
      expect(await updates()).toHaveLength(1);
    });

    it('refuses the same key with a different body: 422, no version bump, no outbox row', async () => {
      const { id, shopper, token, put, updates } = await withAddress();
      await put(anAddressBody({ city: 'Dallas' }), `put-reuse-${shopper}`);

      const reused = await put(anAddressBody({ city: 'Houston' }), `put-reuse-${shopper}`);

      expect(reused.statusCode).toBe(422);
      expect(reused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(reused.json()).toMatchObject({ status: 422 });
      expect(await version(id, token)).toBe(3);
      expect(await updates()).toHaveLength(1);
      const current = await t.request('GET', checkoutPath(id), { token });
      expect(current.json().billingAddress.city).toBe('Dallas');
    });

    it('refuses a key first used by a POST on a PUT: 422', async () => {
      const { id, shopper, token, put, updates } = await withAddress();
      const key = `post-then-put-${shopper}`;
      const posted = await t.request('POST', CONTACT, {
        token,
        body: contact(id),
        headers: { 'idempotency-key': key },
      });
      expect(posted.statusCode).toBe(204);
      expect((await put(anAddressBody(), key)).statusCode).toBe(422);
      expect(await updates()).toHaveLength(0);
    });

    it('applies concurrent retries with one key exactly once', async () => {
      const { id, shopper, token, put, updates } = await withAddress();
      const body = anAddressBody({ city: 'Dallas' });
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => put(body, `put-burst-${shopper}`)),
      );
      expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
      expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(9);
      expect(await version(id, token)).toBe(3);
      expect(await updates()).toHaveLength(1);
    });

    it('refuses a malformed key with 400, changing nothing', async () => {
      const { id, token, put, updates } = await withAddress();
      const response = await put(anAddressBody({ city: 'Dallas' }), 'x'.repeat(256));
      expect(response.statusCode).toBe(400);
      expect(response.json().fields).toHaveProperty('Idempotency-Key');
      expect(await version(id, token)).toBe(2);
      expect(await updates()).toHaveLength(0);
    });
  });

  it('ignores the header on a read: nothing to make safe there', async () => {
    const shopper = uniqueShopper();
    const { id } = await t.createCheckout(shopper);
    const response = await t.request('GET', checkoutPath(id), {
      token: t.shopper(shopper),
      headers: { 'idempotency-key': 'x'.repeat(256) },
    });
    expect(response.statusCode).toBe(200);
  });
});
