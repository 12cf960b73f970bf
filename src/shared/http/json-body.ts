import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BIDI_CONTROL } from './fields';
import { ValidationFailedException } from './validation';

/** No request of this API nests deeper than 3 levels (body → customFields → entry). */
export const MAX_JSON_DEPTH = 32;

/** A JSON body nested deeper than MAX_JSON_DEPTH: a 400, rendered by the problem-details filter. */
export class JsonTooDeepError extends Error {
  readonly statusCode = 400;
  constructor() {
    super(`The request body nests JSON deeper than ${MAX_JSON_DEPTH} levels.`);
    this.name = 'JsonTooDeepError';
  }
}

/** True when `text` opens more than `limit` arrays/objects at once; brackets in strings do not count. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}

/**
 * Bidirectional controls (see the text policy in fields.ts) are refused in any string of a body,
 * keys and e-mail addresses included: `jane@exa\u202Emple.com` reads differently in a back office.
 * This is a cheap pre-check on the raw text (literal or \u-escaped); the walk below decides.
 */
const BIDI_HINT = /[\u202A-\u202E\u2066-\u2069]|\\u20(?:2[a-eA-E]|6[6-9])/;

/** Field paths (`customFields[0].fieldValue`, as validation reports them) of strings with bidi controls. */
export function bidiControlPaths(value: unknown, path = '', into: string[] = []): string[] {
  if (typeof value === 'string') {
    if (BIDI_CONTROL.test(value)) into.push(path || '(body)');
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => bidiControlPaths(item, `${path}[${index}]`, into));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const keyPath = path ? `${path}.${key}` : key;
      if (BIDI_CONTROL.test(key)) into.push(keyPath);
      bidiControlPaths(item, keyPath, into);
    }
  }
  return into;
}

/**
 * Fastify's JSON parser (with prototype and constructor poisoning refused), behind a nesting
 * limit, refusing bidirectional controls in any string. The nesting limit because JSON.parse copes with 30,000 levels, but class-transformer then recurses once per level
 * and overflows the stack (a 500) long before the 64 KiB body limit.
 */
export function useDepthLimitedJsonParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (request: FastifyRequest, body: string | Buffer, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
        done(new JsonTooDeepError(), undefined);
        return;
      }
      if (!BIDI_HINT.test(text)) {
        void parse(request, text, done);
        return;
      }
      void parse(request, text, (error, body) => {
        const paths = error ? [] : bidiControlPaths(body);
        if (paths.length === 0) {
          done(error, body);
          return;
        }
        const message = (path: string) =>
          `${path} must not contain bidirectional control characters`;
        done(
          new ValidationFailedException(Object.fromEntries(paths.map((p) => [p, [message(p)]]))),
          undefined,
        );
      });
    },
  );
}
