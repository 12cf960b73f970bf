import { randomUUID } from 'node:crypto';
import {
  maxHeaderSize,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import { BadRequestException, HttpException } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { PROBLEM_CONTENT_TYPE } from './problem-details';
import {
  MAX_INSTANCE_LENGTH,
  ProblemRequest,
  renderProblem,
  replyWithProblem,
} from './problem-details.filter';

/**
 * Fastify's router refuses some requests before any hook runs, with messages that echo the whole
 * path: these say what is wrong instead. Anything else (an async constraint failing) is a 500.
 */
export function frameworkProblem(error: FastifyError, maxParamLength: number): unknown {
  if (error.code === 'FST_ERR_BAD_URL') {
    return new BadRequestException('The request path is not valid percent-encoded UTF-8.');
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return new HttpException(
      `A path segment of the request is longer than ${maxParamLength} characters.`,
      414,
    );
  }
  return error;
}

interface ClientError extends Error {
  code?: string;
  /** What the HTTP parser was reading when it failed (Node sets it on parse errors). */
  rawPacket?: Buffer;
}

/** The origin-form path at the start of a raw request (`GET /path?query HTTP/1.1`), if any. */
const REQUEST_LINE_PATH = /^[A-Z]+ (\/[\x21-\x7e]*)/;

/** Node's HTTP parser fails before Fastify sees a request: the status and why, per error code. */
export function clientErrorProblem(error: ClientError): HttpException {
  const packet = error.rawPacket;
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new HttpException('The request was not received in time.', 408);
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new HttpException('The chunk extensions of the request body are too large.', 413);
    case 'HPE_HEADER_OVERFLOW':
      // The URL counts towards the header limit: a request line that alone fills it is a 414.
      return packet !== undefined && requestLineOverflows(packet)
        ? new HttpException('The request URL is longer than this server accepts.', 414)
        : new HttpException('The request headers are larger than this server accepts.', 431);
    default:
      return new BadRequestException('The request is not valid HTTP/1.1.');
  }
}

function requestLineOverflows(packet: Buffer): boolean {
  if (!REQUEST_LINE_PATH.test(packet.subarray(0, 16).toString('latin1'))) return false;
  const lineEnd = packet.indexOf('\r\n');
  return lineEnd === -1 || lineEnd >= maxHeaderSize;
}

/**
 * `instance` for an error with no request object: the path from the request line when the packet
 * starts with one, otherwise empty (a same-document reference: this request, path unknown).
 */
function rawInstance(error: ClientError): string {
  const head = error.rawPacket?.subarray(0, MAX_INSTANCE_LENGTH + 32).toString('latin1');
  const path = head === undefined ? undefined : REQUEST_LINE_PATH.exec(head)?.[1];
  return path ?? '';
}

interface RawProblem {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** `exception` as renderProblem renders it, ready for a writer outside Fastify. */
function rawProblem(
  exception: unknown,
  request: ProblemRequest,
  headers: Readonly<Record<string, string>>,
): RawProblem {
  const rendered = renderProblem(exception, request);
  const body = JSON.stringify(rendered.problem);
  return {
    status: rendered.problem.status,
    headers: {
      ...headers,
      ...rendered.headers,
      'x-request-id': request.id,
      'content-type': `${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
      'content-length': String(Buffer.byteLength(body)),
    },
    body,
  };
}

/**
 * A complete HTTP/1.1 response carrying `exception` as problem details, for a socket that has no
 * response object, which is closed after it.
 */
export function rawProblemResponse(
  exception: unknown,
  request: ProblemRequest,
  headers: Readonly<Record<string, string>>,
): string {
  const { status, headers: fields, body } = rawProblem(exception, request, headers);
  const head = Object.entries({ ...fields, connection: 'close' }).map(
    ([name, value]) => `${name}: ${value}\r\n`,
  );
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${head.join('')}\r\n${body}`;
}

/**
 * Answers an `Expect` other than `100-continue` (which Node refuses with an empty 417 before
 * Fastify sees the request) with a 417 problem. Node emits the event for such requests only.
 */
export function answerUnmetExpectations(
  server: Server,
  headers: Readonly<Record<string, string>>,
): void {
  server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    const exception = new HttpException('The only expectation supported is 100-continue.', 417);
    const source = { url: request.url ?? '', id: randomUUID(), headers: {} };
    const { status, headers: fields, body } = rawProblem(exception, source, headers);
    response.writeHead(status, fields).end(body);
  });
}

type WebServerProblemOptions = Required<
  Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'>
>;

/**
 * Fastify options that answer the web server's own refusals as problem details, with `headers`
 * (the security headers every answer carries) as hooks are skipped for them:
 * - `frameworkErrors`: the router's, before any hook (malformed percent-encoding, a path parameter
 *   over `maxParamLength`);
 * - `clientErrorHandler`: Node's HTTP parser's, before Fastify has a request (headers or URL over
 *   Node's header limit, a malformed request line or header, the headers and request timeouts).
 */
export function webServerProblems(
  headers: Readonly<Record<string, string>>,
  maxParamLength: number,
): WebServerProblemOptions {
  return {
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      void reply.headers(headers).header('x-request-id', request.id);
      replyWithProblem(reply, request, frameworkProblem(error, maxParamLength));
    },
    // Fastify's types describe Node's `rawPacket` as JSON; it is a Buffer.
    clientErrorHandler: (connectionError: Error, socket: Socket) => {
      const error = connectionError as ClientError;
      // A reset socket has nobody to answer to.
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      // As Node does: no answer into the middle of a response already being written.
      const inFlight = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
      if (socket.writable && !inFlight?.headersSent) {
        const request = { url: rawInstance(error), id: randomUUID(), headers: {} };
        socket.write(rawProblemResponse(clientErrorProblem(error), request, headers));
      }
      socket.destroy(error);
    },
  };
}
