/**
 * Errors raised before a route runs (by Node's HTTP parser, Fastify's router, body checks) are
 * problem details like every other error, sent over a real socket as a client sees them: the
 * status, `application/problem+json`, every member, and never the request path echoed in
 * `detail` (nor beyond MAX_INSTANCE_LENGTH in `instance`). Also: the payment-page contact route
 * answers in any letter case, and a served path with another method is a 405 with `Allow`.
 */
import { gzipSync } from 'node:zlib';
import { AddressInfo, connect } from 'node:net';
import { CONTACT, checkoutPath } from '../support/checkout-api';
import { TestApp, uniqueShopper } from '../support/test-app';
import { MAX_INSTANCE_LENGTH } from '../../src/shared/http/problem-details.filter';

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `request` as bytes on a new connection and reads the answer until the server closes. */
function sendRaw(port: number, request: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('data', (chunk) => chunks.push(chunk));
    // A reset after the answer (the server closes on an unread request) is not a failure.
    socket.on('error', (error) => (chunks.length === 0 ? reject(error) : undefined));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const headEnd = text.indexOf('\r\n\r\n');
      if (headEnd === -1) return reject(new Error(`no complete answer: ${text.slice(0, 200)}`));
      const [statusLine, ...lines] = text.slice(0, headEnd).split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
        }),
      );
      resolve({
        status: Number(statusLine!.split(' ')[1]),
        headers,
        body: text.slice(headEnd + 4),
      });
    });
    socket.write(request);
  });
}

const HOST = 'Host: 127.0.0.1\r\nConnection: close\r\n';
const get = (path: string, extra = ''): string => `GET ${path} HTTP/1.1\r\n${HOST}${extra}\r\n`;
const withBody = (
  method: string,
  path: string,
  headers: string,
  body: string | Buffer = '{"shopperId":"x"}',
): Buffer =>
  Buffer.concat([
    Buffer.from(`${method} ${path} HTTP/1.1\r\n${HOST}${headers}`),
    Buffer.from(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`),
    Buffer.from(body),
  ]);
const json = (contentType: string, path = '/api/checkouts', method = 'POST'): Buffer =>
  withBody(method, path, `Content-Type: ${contentType}\r\n`);

/** Asserts a complete problem answer with `status` and returns it; `path` never in `detail`. */
function expectRawProblem(response: RawResponse, status: number, path: string) {
  expect({ status: response.status, body: response.body }).toMatchObject({ status });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(Buffer.byteLength(response.body)).toBe(Number(response.headers['content-length']));
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  const problem = JSON.parse(response.body);
  expect(problem).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      instance: expect.any(String),
    }),
  );
  expect(problem).not.toHaveProperty('errors');
  const pathOnly = path.split('?')[0]!;
  if (pathOnly.length > 1) expect(problem.detail).not.toContain(pathOnly);
  expect(problem.instance.length).toBeLessThanOrEqual(MAX_INSTANCE_LENGTH);
  return problem;
}

describe('web server errors are problem details, over a real socket', () => {
  let t: TestApp;
  let port: number;
  let checkoutId: string;
  beforeAll(async () => {
    t = await TestApp.start();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    checkoutId = (await t.createCheckout(uniqueShopper('raw'))).id;
  });
  afterAll(() => t.close());

  it('a path parameter over the router limit: 414, instance cut to an echoable length', async () => {
    const path = checkoutPath('a'.repeat(400));
    const problem = expectRawProblem(await sendRaw(port, get(path)), 414, path);
    expect(problem.detail).toMatch(/longer than 100 characters/);
    expect(path.startsWith(problem.instance)).toBe(true);
    expect(problem.instance).toHaveLength(MAX_INSTANCE_LENGTH);
  });

  it("a URL over Node's header limit: 414 from the raw socket, connection closed", async () => {
    const path = `/api/${'b'.repeat(20 * 1024)}`;
    const response = await sendRaw(port, get(path));
    const problem = expectRawProblem(response, 414, path);
    expect(response.headers.connection).toBe('close');
    expect(path.startsWith(problem.instance)).toBe(true);
  });

  it('malformed percent-encoding: 400, the path only in instance', async () => {
    const path = '/api/storefront/checkouts/%E0%A4%A';
    const problem = expectRawProblem(await sendRaw(port, get(path)), 400, path);
    expect(problem.instance).toBe(path);
    expect(problem.detail).not.toMatch(/%E0/);
  });

  it('headers well over 16 KiB: 431, instance from the request line', async () => {
    const response = await sendRaw(
      port,
      get('/api/checkouts?x=1', `X-Big: ${'c'.repeat(40_000)}\r\n`),
    );
    const problem = expectRawProblem(response, 431, '/api/checkouts');
    expect(problem).toMatchObject({
      title: 'Request Header Fields Too Large',
      instance: '/api/checkouts',
    });
    expect(response.headers.connection).toBe('close');
  });

  it('a malformed request line or header: 400', async () => {
    const line = expectRawProblem(await sendRaw(port, 'NOT AN HTTP REQUEST\r\n\r\n'), 400, '');
    expect(line.instance).toBe('');
    const header = await sendRaw(
      port,
      `GET /api/checkouts HTTP/1.1\r\nHost: x\r\nno colon\r\n\r\n`,
    );
    expect(expectRawProblem(header, 400, '/api/checkouts').instance).toBe('/api/checkouts');
  });

  it('an Expect other than 100-continue: 417', async () => {
    const response = await sendRaw(port, withBody('POST', '/api/checkouts', 'Expect: teapot\r\n'));
    const problem = expectRawProblem(response, 417, '/api/checkouts');
    expect(problem.instance).toBe('/api/checkouts');
  });

  it('a gzip-encoded body: 415 naming identity, before the body is read', async () => {
    const body = gzipSync(JSON.stringify({ shopperId: 'x' }));
    const response = await sendRaw(
      port,
      withBody(
        'POST',
        '/api/checkouts',
        'Content-Type: application/json\r\nContent-Encoding: gzip\r\n',
        body,
      ),
    );
    const problem = expectRawProblem(response, 415, '/api/checkouts');
    expect(problem.detail).toMatch(/Content-Encoding/);
    expect(response.headers['accept-encoding']).toBe('identity');
  });

  it.each([
    'application/json; charset=latin1',
    'application/json; charset=utf-16',
    'application/json;charset="ISO-8859-1"',
  ])('JSON in another charset (%s): 415', async (contentType) => {
    const problem = expectRawProblem(await sendRaw(port, json(contentType)), 415, '/api/checkouts');
    expect(problem.detail).toMatch(/UTF-8/);
  });

  it('JSON declared as UTF-8, in any spelling, or not encoded, is read as before', async () => {
    for (const contentType of [
      'application/json; charset=UTF-8',
      'application/json; charset="utf-8"',
    ]) {
      const response = await sendRaw(port, json(contentType));
      expectRawProblem(response, 401, '/api/checkouts');
    }
    const identity = await sendRaw(
      port,
      withBody(
        'POST',
        '/api/checkouts',
        'Content-Type: application/json\r\nContent-Encoding: identity\r\n',
        '{}',
      ),
    );
    expectRawProblem(identity, 401, '/api/checkouts');
  });

  it.each(['/api/checkout/sessions/me/contact', '/API/CHECKOUT/SESSIONS/ME/CONTACT?x=1'])(
    'the contact route in another case (%s) reaches the route',
    async (path) => {
      const response = await sendRaw(port, json('application/json', path));
      // No token: the route's guard answers, not the router's 404.
      const problem = expectRawProblem(response, 401, path);
      expect(problem.instance).toBe(CONTACT);
      expect(response.headers['www-authenticate']).toBe('Bearer');
    },
  );

  it('a served path with a method it does not serve: 405 with Allow', async () => {
    const put = await sendRaw(port, json('application/json', '/api/checkouts', 'PUT'));
    expectRawProblem(put, 405, '/api/checkouts');
    expect(put.headers.allow).toBe('POST');
    const path = checkoutPath(checkoutId);
    const remove = await sendRaw(port, `DELETE ${path} HTTP/1.1\r\n${HOST}\r\n`);
    expect(expectRawProblem(remove, 405, path).instance).toBe(path);
    expect(remove.headers.allow).toBe('GET, HEAD');
    const contact = await sendRaw(port, get('/api/checkout/sessions/me/contact'));
    expectRawProblem(contact, 405, CONTACT);
    expect(contact.headers.allow).toBe('POST');
  });

  it('an unknown path: 404, the query not in instance and nothing echoed in detail', async () => {
    const response = await sendRaw(port, get('/api/nothing-here?token=secret'));
    const problem = expectRawProblem(response, 404, '/api/nothing-here');
    expect(problem.instance).toBe('/api/nothing-here');
    expect(response.body).not.toContain('secret');
    expect(response.headers.allow).toBeUndefined();
  });
});

describe('405 with CORS on', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({}, { CORS_ORIGINS: 'https://shop.example.com' });
  });
  afterAll(() => t.close());

  it('lists OPTIONS in Allow, and preflights are still answered by CORS', async () => {
    const origin = 'https://shop.example.com';
    const remove = await t.request('DELETE', checkoutPath(crypto.randomUUID()), {
      headers: { origin },
    });
    expect(remove.statusCode).toBe(405);
    expect(remove.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(remove.headers['access-control-allow-origin']).toBe(origin);
    const preflight = await t.request('OPTIONS', '/api/checkouts', {
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(204);
    const unknown = await t.request('DELETE', '/api/nothing-here', { headers: { origin } });
    expect(unknown.statusCode).toBe(404);
  });

  it('the OpenAPI document still lists the contact route in its documented case only', async () => {
    const paths = Object.keys((await t.request('GET', '/docs-json')).json().paths);
    expect(paths.filter((path) => path.toLowerCase() === CONTACT.toLowerCase())).toEqual([CONTACT]);
  });
});
