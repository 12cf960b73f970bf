import { TestApp } from '../support/test-app';

describe('platform: every error is problem details', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const expectProblem = (
    response: { statusCode: number; headers: Record<string, unknown>; json(): any },
    status: number,
    path: string,
  ) => {
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json();
    expect(problem).toMatchObject({ status, instance: path });
    expect(typeof problem.type).toBe('string');
    expect(typeof problem.title).toBe('string');
    expect(typeof problem.detail).toBe('string');
    expect(JSON.stringify(problem)).not.toMatch(/at .*\.(ts|js):\d+|SELECT|INSERT/);
    return problem;
  };

  it('unknown route: 404', async () => {
    const response = await t.request('GET', '/api/nothing-here?x=1');
    expectProblem(response, 404, '/api/nothing-here');
  });

  it('malformed JSON: 400', async () => {
    const checkout = await t.createCheckout('s-json');
    const path = `/api/storefront/checkouts/${checkout.id}/billing-address`;
    const response = await t.request('POST', path, {
      token: t.shopper('s-json'),
      payload: '{"countryCode": "US",',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(response, 400, path);
  });

  it('body over 64 KiB: 413', async () => {
    const path = '/api/checkouts';
    const response = await t.request('POST', path, {
      token: t.merchant(),
      payload: JSON.stringify({ shopperId: 'x'.repeat(70 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(response, 413, path);
  });

  it('non-JSON content type: 415', async () => {
    const path = '/api/checkouts';
    const response = await t.request('POST', path, {
      token: t.merchant(),
      payload: 'shopperId=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(response, 415, path);
    const plain = await t.request('POST', path, {
      token: t.merchant(),
      payload: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expectProblem(plain, 415, path);
  });

  it('validation: 400 with errors by field path, unknown fields refused', async () => {
    const path = '/api/checkouts';
    const response = await t.request('POST', path, {
      token: t.merchant(),
      body: {
        shopperId: 's',
        currency: 'XYZ',
        lineItems: [{ productId: 'p', name: 'n', quantity: 0, unitPrice: 1 }],
        extra: true,
      },
    });
    const problem = expectProblem(response, 400, path);
    expect(Object.keys(problem.fields).sort()).toEqual([
      'currency',
      'extra',
      'lineItems[0].quantity',
    ]);
  });

  it('prototype poisoning in JSON: 400, not accepted', async () => {
    const path = '/api/checkouts';
    const response = await t.request('POST', path, {
      token: t.merchant(),
      payload: '{"shopperId":"s","currency":"USD","lineItems":[],"__proto__":{"admin":true}}',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(response, 400, path);
  });

  it('echoes a sane X-Request-Id and makes one up otherwise', async () => {
    const echoed = await t.request('GET', '/api/nothing', {
      headers: { 'x-request-id': 'req-123' },
    });
    expect(echoed.headers['x-request-id']).toBe('req-123');
    const generated = await t.request('GET', '/api/nothing', {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves Swagger UI and the OpenAPI document', async () => {
    const ui = await t.request('GET', '/docs');
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
    const document = (await t.request('GET', '/docs-json')).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/checkouts',
        '/api/Checkout/sessions/me/contact',
        '/api/storefront/checkouts/{checkoutId}/billing-address',
      ]),
    );
    expect(document.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });
});
