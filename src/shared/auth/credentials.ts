import { Injectable } from '@nestjs/common';
import { parseCookie } from 'cookie';
import { AppConfig } from '../../config/app-config';

/** A JWT's characters: base64url parts and dots (RFC 6750's b64token, as the bearer header). */
const TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
/**
 * RFC 6750 2.1: `Authorization: Bearer <b64token>` and nothing else. passport-jwt's own extractor
 * matches the first two words anywhere in the header, so `Bearer <token> <junk>` passed.
 */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

export interface Credential {
  /** Where the token came from: a cookie-authenticated write must also pass the CSRF checks. */
  readonly source: 'bearer' | 'cookie';
  /** The token, or null when the header or cookie is there but malformed (then: 401). */
  readonly token: string | null;
}

interface HasHeaders {
  headers: Record<string, unknown>;
}

export function bearerToken(request: HasHeaders): string | null {
  const header = request.headers.authorization;
  return typeof header === 'string' ? (BEARER.exec(header)?.[1] ?? null) : null;
}

/**
 * The one place that decides which token a request presents. An `Authorization` header decides
 * alone, valid or not: a bad bearer token next to a good cookie is a 401, never a fallback. Without
 * one, the cookie named AUTH_COOKIE_NAME (when set) carries the same JWT. The query string and body
 * are never read: a token in a URL ends up in logs and browser history.
 */
@Injectable()
export class Credentials {
  private readonly cookieName: string | undefined;

  constructor(config: AppConfig) {
    this.cookieName = config.authCookieName;
  }

  of(request: HasHeaders): Credential | null {
    if (request.headers.authorization !== undefined) {
      return { source: 'bearer', token: bearerToken(request) };
    }
    if (this.cookieName === undefined) return null;
    const header = request.headers.cookie;
    if (typeof header !== 'string') return null;
    const value = parseCookie(header)[this.cookieName];
    if (value === undefined) return null;
    return { source: 'cookie', token: TOKEN.test(value) ? value : null };
  }

  tokenOf(request: HasHeaders): string | null {
    return this.of(request)?.token ?? null;
  }
}
