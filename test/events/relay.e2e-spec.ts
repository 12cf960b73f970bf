import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { CHECKOUT_EVENT_TYPES } from '../../src/checkout/domain/checkout.events';
import { ASYNCAPI_PATH } from '../../src/events/asyncapi.controller';
import { RetentionSweeper } from '../../src/checkout/retention/retention-sweeper';
import { Clock } from '../../src/shared/domain/clock';
import { ReadinessChecks } from '../../src/shared/readiness/readiness-checks';
import { describeWithNats, relayingAppPerFile, relayOf, StreamWatcher } from '../support/nats';
import { TestApp, uniqueShopper } from '../support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('AsyncAPI document', () => {
  it('is a valid AsyncAPI 3.0 document with one channel per event type', async () => {
    const { document, diagnostics } = await new Parser().parse(readFileSync(ASYNCAPI_PATH, 'utf8'));
    expect(
      diagnostics.filter(
        (d) => (d.severity as number) === 0 /* error; 1+ are warnings and hints */,
      ),
    ).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    const addresses = document!
      .channels()
      .all()
      .map((channel) => channel.address());
    expect(addresses.sort()).toEqual([...CHECKOUT_EVENT_TYPES].sort());
  });

  it('is served as YAML at GET /docs/events, outside /api and beside Swagger UI', async () => {
    const t = await TestApp.start();
    try {
      const response = await t.request('GET', '/docs/events');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/yaml/);
      expect(response.body).toBe(readFileSync(ASYNCAPI_PATH, 'utf8'));
      expect((await t.request('GET', '/docs')).statusCode).toBe(200);
      expect((await t.request('GET', '/api/docs/events')).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});

describeWithNats('outbox relay to JetStream', () => {
  const fixture = relayingAppPerFile();
  let t: TestApp;
  let watcher: StreamWatcher;
  let validate: (message: { natsSubject: string; envelope: unknown }) => string[];

  beforeAll(async () => {
    ({ t, watcher } = fixture);
    validate = await payloadValidators();
  });

  it('each command yields exactly its events, in version order, as the contract says', async () => {
    const shopper = uniqueShopper('relay');
    const checkout = await t.createCheckout(shopper);
    watcher.watch(checkout.id);
    const token = t.shopper(shopper);
    const storefront = `/api/storefront/checkouts/${checkout.id}`;
    const contact = {
      sessionId: checkout.id,
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann@example.com',
    };
    expect(
      (await t.request('POST', '/api/Checkout/sessions/me/contact', { token, body: contact }))
        .statusCode,
    ).toBe(204);
    // The same email again within the window: a ContactUpdated, no second announcement.
    expect(
      (
        await t.request('POST', '/api/Checkout/sessions/me/contact', {
          token,
          body: { ...contact, firstName: 'Anna' },
        })
      ).statusCode,
    ).toBe(204);
    // The merchant adds an address without an email: no announcement.
    const added = await t.request('POST', `${storefront}/billing-address`, {
      token: t.merchant(),
      body: { countryCode: 'US', city: 'Austin' },
    });
    expect(added.statusCode).toBe(200);
    const addressId = added.json().billingAddress.id;
    const updated = await t.request('PUT', `${storefront}/billing-address/${addressId}`, {
      token,
      body: { countryCode: 'US', email: 'bob@example.com', firstName: 'Bob' },
    });
    expect(updated.statusCode).toBe(200);
    expect((await t.request('POST', `${storefront}/orders`, { token, body: {} })).statusCode).toBe(
      200,
    );

    const expected: [string, number][] = [
      ['checkout.CheckoutCreated', 1],
      ['checkout.ContactUpdated', 2],
      ['checkout.AbandonedCartCandidate', 2],
      ['checkout.ContactUpdated', 3],
      ['checkout.BillingAddressAdded', 4],
      ['checkout.BillingAddressUpdated', 5],
      ['checkout.AbandonedCartCandidate', 5],
      ['checkout.CheckoutCompleted', 6],
    ];
    const messages = await watcher.waitFor([checkout.id], expected.length);
    expect(messages.map((m) => [m.envelope.type, m.envelope.checkoutversion])).toEqual(expected);

    const rows: {
      id: string;
      type: string;
      payload: unknown;
      occurred_at: Date;
      published_at: Date | null;
    }[] = await t.dataSource.query(
      'SELECT id, type, payload, occurred_at, published_at FROM outbox WHERE aggregate_id = $1 ORDER BY sequence',
      [checkout.id],
    );
    expect(rows.every((row) => row.published_at !== null)).toBe(true);
    messages.forEach((message, index) => {
      const row = rows[index]!;
      expect(message.natsSubject).toBe(row.type);
      expect(message.msgId).toBe(row.id);
      expect(message.contentType).toBe('application/cloudevents+json; charset=utf-8');
      expect(message.envelope).toEqual({
        specversion: '1.0',
        id: row.id,
        source: '/checkout-service',
        type: row.type,
        subject: checkout.id,
        time: new Date(row.occurred_at).toISOString(),
        datacontenttype: 'application/json',
        checkoutversion: expected[index]![1],
        data: row.payload,
      });
      expect(message.envelope.id).toMatch(UUID);
      expect(validate(message)).toEqual([]);
    });

    const candidates = messages.filter(
      (m) => m.envelope.type === 'checkout.AbandonedCartCandidate',
    );
    expect(candidates.map((m) => m.envelope.data)).toEqual([
      {
        checkoutId: checkout.id,
        shopperId: shopper,
        channelId: 1,
        email: 'ann@example.com',
        firstName: 'Ann',
        lastName: 'Lee',
        cartAmount: 49,
        currency: 'USD',
        trigger: 'UpdateContact',
      },
      {
        checkoutId: checkout.id,
        shopperId: shopper,
        channelId: 1,
        email: 'bob@example.com',
        firstName: 'Bob',
        lastName: null,
        cartAmount: 49,
        currency: 'USD',
        trigger: 'UpdateBillingAddress',
      },
    ]);
  });

  it('an expired checkout: CheckoutExpired comes last, after everything it had, without personal data', async () => {
    const shopper = uniqueShopper('expired');
    const checkout = await t.createCheckout(shopper);
    watcher.watch(checkout.id);
    const contact = await t.request('POST', '/api/Checkout/sessions/me/contact', {
      token: t.shopper(shopper),
      body: { sessionId: checkout.id, firstName: 'Eve', lastName: 'Lee', email: 'eve@example.com' },
    });
    expect(contact.statusCode).toBe(204);
    await waitUntilPublished(t, checkout.id);

    // The default retention, 90 days, has passed. (This app's database is its own.)
    const later = new Date(Date.now() + 91 * 24 * 3_600_000);
    const clock = jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(later);
    try {
      await t.app.get(RetentionSweeper).sweep();
    } finally {
      clock.mockRestore();
    }

    const messages = await watcher.waitFor([checkout.id], 4);
    expect(messages.map((m) => m.envelope.type)).toEqual([
      'checkout.CheckoutCreated',
      'checkout.ContactUpdated',
      'checkout.AbandonedCartCandidate',
      'checkout.CheckoutExpired',
    ]);
    const expired = messages[3]!;
    expect(validate(expired)).toEqual([]);
    expect(expired.envelope.checkoutversion).toBe(3);
    expect(expired.envelope.data).toEqual({
      checkoutId: checkout.id,
      shopperId: shopper,
      channelId: 1,
      lastActivityAt: expect.any(String),
    });
    expect(JSON.stringify(expired.envelope)).not.toMatch(/eve@example\.com|Eve|Lee/);
  });

  it('reports the broker to readiness', async () => {
    const checks = new Map(t.app.get(ReadinessChecks).entries());
    expect(checks.has('broker')).toBe(true);
    await expect(checks.get('broker')!()).resolves.toBeUndefined();
  });

  it('crash between ack and mark: published again, JetStream keeps one copy', async () => {
    const host = relayOf(t);
    const relay = host.relay!;
    const before = await host.metrics.values();
    const mark = jest
      .spyOn(relay, 'markPublished')
      .mockRejectedValueOnce(new Error('relay died after the ack, before marking'));
    const checkout = await t.createCheckout(uniqueShopper('crash'));
    watcher.watch(checkout.id);
    const [row] = await waitUntilPublished(t, checkout.id);
    expect(mark.mock.calls.length).toBeGreaterThanOrEqual(2);
    mark.mockRestore();

    const after = await host.metrics.values();
    expect(after.duplicates - before.duplicates).toBeGreaterThanOrEqual(1);
    const messages = await watcher.waitFor([checkout.id], 1);
    expect(messages.map((m) => m.msgId)).toEqual([row!.id]);
  });
});

async function waitUntilPublished(t: TestApp, checkoutId: string): Promise<{ id: string }[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const rows: { id: string; published_at: Date | null }[] = await t.dataSource.query(
      'SELECT id, published_at FROM outbox WHERE aggregate_id = $1 ORDER BY sequence',
      [checkoutId],
    );
    if (rows.length > 0 && rows.every((row) => row.published_at)) return rows;
    if (Date.now() > deadline) throw new Error(`outbox rows of ${checkoutId} not published`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Each message checked against its AsyncAPI message: subject and payload schema. */
async function payloadValidators(): Promise<
  (message: { natsSubject: string; envelope: unknown }) => string[]
> {
  const { document } = await new Parser().parse(readFileSync(ASYNCAPI_PATH, 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const bySubject = new Map<string, ReturnType<typeof ajv.compile>>();
  for (const channel of document!.channels().all()) {
    const message = channel.messages().all()[0]!;
    bySubject.set(channel.address()!, ajv.compile(message.payload()!.json()));
  }
  return ({ natsSubject, envelope }) => {
    const check = bySubject.get(natsSubject);
    if (!check) return [`no AsyncAPI channel for ${natsSubject}`];
    return check(envelope) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
}
