import { HttpException } from '@nestjs/common';
import type { FastifyError } from 'fastify';
import { instancePath, MAX_INSTANCE_LENGTH } from './problem-details.filter';
import { clientErrorProblem, frameworkProblem, rawProblemResponse } from './web-server-problems';

const clientError = (code: string, rawPacket?: string) =>
  Object.assign(new Error(code), {
    code,
    rawPacket: rawPacket === undefined ? undefined : Buffer.from(rawPacket, 'latin1'),
  });

const statusOf = (exception: unknown) => (exception as HttpException).getStatus();

describe('instancePath', () => {
  it('drops the query and keeps a routable path whole', () => {
    expect(instancePath('/api/checkouts?token=secret')).toBe('/api/checkouts');
    expect(instancePath('/a'.repeat(MAX_INSTANCE_LENGTH / 2))).toHaveLength(MAX_INSTANCE_LENGTH);
  });

  it('cuts a longer path, never inside a percent-escape', () => {
    expect(instancePath(`/${'x'.repeat(1000)}`)).toBe(`/${'x'.repeat(MAX_INSTANCE_LENGTH - 1)}`);
    const escapes = `/${'%41'.repeat(200)}`;
    const cut = instancePath(escapes);
    expect(cut.length).toBeLessThanOrEqual(MAX_INSTANCE_LENGTH);
    expect(cut).toMatch(/^\/(%41)+$/);
  });
});

describe('frameworkProblem', () => {
  const fastifyError = (code: string, message: string) =>
    Object.assign(new Error(message), { code, statusCode: 400 }) as FastifyError;

  it("replaces the router's messages, which echo the path, with what is wrong", () => {
    const badUrl = frameworkProblem(fastifyError('FST_ERR_BAD_URL', "'/x/%E0' is not valid"), 100);
    expect([statusOf(badUrl), (badUrl as Error).message]).toEqual([
      400,
      'The request path is not valid percent-encoded UTF-8.',
    ]);
    const long = frameworkProblem(fastifyError('FST_ERR_MAX_PARAM_LENGTH', "'/x/aaa' is long"), 64);
    expect([statusOf(long), (long as Error).message]).toEqual([
      414,
      'A path segment of the request is longer than 64 characters.',
    ]);
  });

  it('passes any other error on as it is (a 500 problem)', () => {
    const other = fastifyError('FST_ERR_ASYNC_CONSTRAINT', 'boom');
    expect(frameworkProblem(other, 100)).toBe(other);
  });
});

describe('clientErrorProblem', () => {
  it("maps Node's parser errors to their statuses", () => {
    expect(statusOf(clientErrorProblem(clientError('ERR_HTTP_REQUEST_TIMEOUT')))).toBe(408);
    expect(statusOf(clientErrorProblem(clientError('HPE_CHUNK_EXTENSIONS_OVERFLOW')))).toBe(413);
    expect(statusOf(clientErrorProblem(clientError('HPE_INVALID_METHOD', 'NOPE / HTTP/1.1')))).toBe(
      400,
    );
    expect(statusOf(clientErrorProblem(clientError('HPE_INVALID_HEADER_TOKEN')))).toBe(400);
  });

  it('tells an over-long URL (414) from over-long headers (431)', () => {
    const longLine = `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n`;
    expect(statusOf(clientErrorProblem(clientError('HPE_HEADER_OVERFLOW', longLine)))).toBe(414);
    const unfinishedLine = `GET /${'a'.repeat(20_000)}`;
    expect(statusOf(clientErrorProblem(clientError('HPE_HEADER_OVERFLOW', unfinishedLine)))).toBe(
      414,
    );
    const longHeader = `GET /api HTTP/1.1\r\nX-Big: ${'a'.repeat(20_000)}`;
    expect(statusOf(clientErrorProblem(clientError('HPE_HEADER_OVERFLOW', longHeader)))).toBe(431);
    // A later packet of a request: the request line is not in it.
    const middle = 'a'.repeat(20_000);
    expect(statusOf(clientErrorProblem(clientError('HPE_HEADER_OVERFLOW', middle)))).toBe(431);
    expect(statusOf(clientErrorProblem(clientError('HPE_HEADER_OVERFLOW')))).toBe(431);
  });
});

describe('rawProblemResponse', () => {
  it('is a complete HTTP/1.1 response whose body is the problem renderProblem makes', () => {
    const response = rawProblemResponse(
      new HttpException('The request headers are larger than this server accepts.', 431),
      { url: '/api/checkouts', id: 'req-1', headers: {} },
      { 'x-content-type-options': 'nosniff' },
    );
    const [head, body] = response.split('\r\n\r\n') as [string, string];
    const [statusLine, ...lines] = head.split('\r\n');
    expect(statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(lines).toEqual(
      expect.arrayContaining([
        'x-content-type-options: nosniff',
        'x-request-id: req-1',
        'content-type: application/problem+json; charset=utf-8',
        `content-length: ${Buffer.byteLength(body)}`,
        'connection: close',
      ]),
    );
    expect(JSON.parse(body)).toEqual({
      type: 'about:blank',
      title: 'Request Header Fields Too Large',
      status: 431,
      detail: 'The request headers are larger than this server accepts.',
      instance: '/api/checkouts',
    });
  });
});
