import { ForbiddenException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { replyWithProblem } from '../http/problem-details.filter';
import { Credentials } from './credentials';

/** Methods that change nothing: a cross-site page can make a browser send them, but not read the answer. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;

/**
 * Why a cookie-authenticated write is refused, or undefined when it may go on. A browser attaches
 * the cookie to any request to this host, including a form a hostile page submits; such a request
 * is told apart by what a page cannot forge: its `Origin`, which must be this service's own or one
 * of CORS_ORIGINS, and a JSON content type, which a cross-site form cannot send and a cross-origin
 * script can only send after a CORS preflight that only CORS_ORIGINS pass. Requests without an
 * `Origin` (not from a browser) must use the bearer header.
 */
export function cookieWriteRefusal(
  request: Pick<FastifyRequest, 'method' | 'headers'>,
  allowedOrigins: ReadonlySet<string>,
): string | undefined {
  if (SAFE_METHODS.has(request.method)) return undefined;
  const origin = request.headers.origin;
  if (
    typeof origin !== 'string' ||
    !(allowedOrigins.has(origin) || isSameOrigin(origin, request))
  ) {
    return 'A request authenticated by cookie must come from this service or one of its allowed origins (CORS_ORIGINS).';
  }
  const contentType = request.headers['content-type'];
  if (typeof contentType !== 'string' || !JSON_MEDIA_TYPE.test(contentType)) {
    return 'A request authenticated by cookie must send Content-Type: application/json.';
  }
  return undefined;
}

/**
 * The browser sets `Host` to this service's host; a page elsewhere cannot make it match. Both are
 * read as URLs of the origin's scheme, so `http://localhost` and `Host: localhost:80` agree.
 */
function isSameOrigin(origin: string, request: Pick<FastifyRequest, 'headers'>): boolean {
  try {
    const from = new URL(origin);
    return from.host === new URL(`${from.protocol}//${request.headers.host}`).host;
  } catch {
    return false;
  }
}

/**
 * Refuses cookie-authenticated writes that fail `cookieWriteRefusal` with a 403 problem, before
 * the body is read or anything is changed. Requests with an `Authorization` header, or with no
 * credential at all, pass untouched: the usual authentication decides about them.
 */
export function refuseForgedCookieWrites(
  fastify: FastifyInstance,
  credentials: Credentials,
  allowedOrigins: readonly string[],
): void {
  const allowed = new Set(allowedOrigins);
  fastify.addHook('onRequest', (request, reply, done) => {
    const refusal =
      credentials.of(request)?.source === 'cookie'
        ? cookieWriteRefusal(request, allowed)
        : undefined;
    if (refusal === undefined) return done();
    replyWithProblem(reply, request, new ForbiddenException(refusal));
  });
}
