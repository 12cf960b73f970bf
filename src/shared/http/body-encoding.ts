import type { IncomingHttpHeaders } from 'node:http';
import { HttpException } from '@nestjs/common';
import type { FastifyInstance, preParsingHookHandler } from 'fastify';
import { replyWithProblem } from './problem-details.filter';

/** Methods whose routes read no body: the check below is not added to them. */
const BODYLESS_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** As Fastify decides whether to parse: a chunked body, or a Content-Length other than 0. */
function hasBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isIdentity(encoding: string): boolean {
  return encoding.split(',').every((coding) => /^\s*(identity)?\s*$/i.test(coding));
}

/** The `charset` parameter of a JSON content type, unquoted; undefined when absent or not JSON. */
function jsonCharset(contentType: string): string | undefined {
  const [mediaType, ...parameters] = contentType.split(';');
  if (mediaType!.trim().toLowerCase() !== 'application/json') return undefined;
  for (const parameter of parameters) {
    const equals = parameter.indexOf('=');
    if (parameter.slice(0, equals).trim().toLowerCase() !== 'charset') continue;
    return parameter
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

/**
 * Why a request body cannot be read as the JSON it claims to be, or undefined when it can. The
 * JSON parser reads bytes as UTF-8 and does not decompress, so a gzip body would be "not valid
 * JSON" and a Latin-1 one silently misread: both are refused as 415 instead.
 */
export function unreadableBody(headers: IncomingHttpHeaders): string | undefined {
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && !isIdentity(encoding) && hasBody(headers)) {
    return 'The request body must not be compressed: send it with no Content-Encoding (identity).';
  }
  const contentType = headers['content-type'];
  if (contentType === undefined || !contentType.includes(';')) return undefined;
  const charset = jsonCharset(contentType);
  if (charset !== undefined && charset.toLowerCase() !== 'utf-8') {
    return 'The request body must be JSON in UTF-8: send Content-Type application/json, with charset=utf-8 or none.';
  }
  return undefined;
}

const refuseUnreadableBody: preParsingHookHandler = (request, reply, payload, done) => {
  // Two header reads on the common path: the parsing only runs for an odd request.
  const { headers } = request;
  if (headers['content-encoding'] === undefined && !headers['content-type']?.includes(';')) {
    return done(null, payload);
  }
  const reason = unreadableBody(headers);
  if (reason === undefined) return done(null, payload);
  // RFC 9110 §12.5.3: a 415 for a content coding says which codings are acceptable.
  if (headers['content-encoding'] !== undefined) void reply.header('accept-encoding', 'identity');
  replyWithProblem(reply, request, new HttpException(reason, 415));
};

/**
 * Refuses compressed and non-UTF-8 JSON bodies (see unreadableBody) before they are read, on the
 * routes that take a body only. Call before the routes are registered (Nest's `init()`).
 */
export function refuseUnreadableBodies(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((method) => BODYLESS_METHODS.has(method))) return;
    const own = route.preParsing ?? [];
    route.preParsing = [refuseUnreadableBody, ...(Array.isArray(own) ? own : [own])];
  });
}
