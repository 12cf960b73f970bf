import { DataSource } from 'typeorm';
import { ReadinessChecks } from '../../src/shared/readiness/readiness-checks';
import { TestApp } from '../support/test-app';

describe('operations: health probes and metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('live: 200 without auth, outside /api', async () => {
    const response = await t.request('GET', '/health/live');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok' });
    expect((await t.request('GET', '/api/health/live')).statusCode).toBe(404);
  });

  it('ready: 200 when the database answers', async () => {
    const response = await t.request('GET', '/health/ready');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toMatch(/no-store/);
    expect(response.json()).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' } },
    });
  });

  it('ready: 503 with terminus body while a registered dependency is down, 200 again after', async () => {
    const readiness = t.app.get(ReadinessChecks);
    let brokerUp = false;
    readiness.register('broker', () =>
      brokerUp ? Promise.resolve() : Promise.reject(new Error('broker unreachable')),
    );

    const down = await t.request('GET', '/health/ready');
    expect(down.statusCode).toBe(503);
    expect(down.headers['content-type']).toMatch(/^application\/json/);
    expect(down.json()).toMatchObject({
      status: 'error',
      info: { database: { status: 'up' } },
      error: { broker: { status: 'down', message: 'broker unreachable' } },
    });
    // Liveness does not depend on the broker: restarting the process would not bring it back.
    expect((await t.request('GET', '/health/live')).statusCode).toBe(200);

    brokerUp = true;
    const up = await t.request('GET', '/health/ready');
    expect(up.statusCode).toBe(200);
    expect(up.json().details.broker.status).toBe('up');
  });

  it('ready: a check that hangs counts as down instead of hanging the probe', async () => {
    const readiness = t.app.get(ReadinessChecks);
    readiness.register('slow', () => new Promise(() => undefined));
    try {
      const response = await t.request('GET', '/health/ready');
      expect(response.statusCode).toBe(503);
      expect(response.json().error.slow.message).toMatch(/timeout/);
    } finally {
      readiness.register('slow', () => Promise.resolve());
    }
  });

  it('metrics: Prometheus text with the request histogram labelled by route pattern', async () => {
    const checkout = await t.createCheckout('s-metrics');
    await t.request('GET', `/api/storefront/checkouts/${checkout.id}`, { token: t.merchant() });
    await t.request('GET', '/no/such/route/unmatched-path-marker');
    // A command, so the histogram has a write in it too.
    const contact = await t.request('POST', '/api/Checkout/sessions/me/contact', {
      token: t.shopper('s-metrics'),
      body: { sessionId: checkout.id, firstName: 'Jane', lastName: 'Doe', email: 'j@example.com' },
    });
    expect(contact.statusCode).toBe(204);

    const response = await t.request('GET', '/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = response.body;
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/storefront\/checkouts\/:checkoutId",status_code="200"\} 1\n/,
    );
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="\+Inf",method="POST",route="\/api\/checkouts",status_code="201"\} 1\n/,
    );
    expect(text).toContain('route="unmatched",status_code="404"');
    // Never the raw URL: ids and unknown paths would each become a new series.
    expect(text).not.toContain(checkout.id);
    // (A marker no number can contain: metric values are numbers.)
    expect(text).not.toContain('unmatched-path-marker');
    // Default process metrics come along.
    expect(text).toContain('process_cpu_user_seconds_total');
    // The outbox's backlog is visible even without a broker configured: rows simply wait.
    expect(text).toMatch(/^checkout_outbox_pending_events \d+$/m);
    expect(text).toContain('# TYPE checkout_outbox_publish_lag_seconds histogram');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    // Remembered checkouts are gone, and so are their series.
    expect(text).not.toContain('checkout_cache_');
  });

  it('metrics: each app instance has its own registry', async () => {
    const other = await TestApp.start();
    try {
      const fresh = (await other.request('GET', '/metrics')).body;
      expect(fresh).not.toContain('route="/api/checkouts"');
    } finally {
      await other.close();
    }
  });

  // Last: it takes this app's database away.
  it('ready: 503 naming the database once it stops answering; live stays 200', async () => {
    await t.app.get(DataSource).destroy();
    const response = await t.request('GET', '/health/ready');
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      status: 'error',
      error: { database: { status: 'down' } },
    });
    expect((await t.request('GET', '/health/live')).statusCode).toBe(200);
  });
});
