import type { IncomingMessage } from 'node:http';

const QUESTION_MARK = 0x3f;

/**
 * A Fastify `rewriteUrl` that routes `canonical` written in any letter case to `canonical`, query
 * kept, and leaves every other URL alone. For one path a client family spells freely, without
 * making the router case-insensitive for all routes: the `/api/` prefix checks of the security
 * headers, and every other path, keep meaning what they say. Runs on every request, so a URL of
 * another length, or not followed by a query there, is passed without a regular expression.
 */
export function caseInsensitivePath(canonical: string): (request: IncomingMessage) => string {
  const length = canonical.length;
  const escaped = canonical.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const anyCase = new RegExp(`^${escaped}(?:\\?|$)`, 'i');
  return (request) => {
    const url = request.url ?? '/';
    if (url.length !== length && url.charCodeAt(length) !== QUESTION_MARK) return url;
    if (url.startsWith(canonical) || !anyCase.test(url)) return url;
    return canonical + url.slice(length);
  };
}
