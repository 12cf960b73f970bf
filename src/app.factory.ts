import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet, { HelmetOptions } from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { logRequests } from './ops/logging';
import { refuseForgedCookieWrites } from './shared/auth/cookie-csrf';
import { Credentials } from './shared/auth/credentials';
import { refuseUnreadableBodies } from './shared/http/body-encoding';
import { caseInsensitivePath } from './shared/http/case-insensitive-path';
import { DEFAULT_TIMEOUTS, HttpTimeouts } from './shared/http/http-timeouts';
import { useDepthLimitedJsonParser } from './shared/http/json-body';
import {
  ProblemDetailsFilter,
  replyWithProblem,
  ShuttingDownException,
} from './shared/http/problem-details.filter';
import { setupSwagger } from './shared/http/swagger';
import { ProblemFastifyAdapter } from './shared/http/unmatched-requests';
import { createValidationPipe } from './shared/http/validation';
import { answerUnmetExpectations, webServerProblems } from './shared/http/web-server-problems';

export type { HttpTimeouts };

export const BODY_LIMIT_BYTES = 64 * 1024;
/** Fastify's default, stated because the 414 problem names it: far above any id of this API. */
const MAX_PARAM_LENGTH = 100;
/** The payment-page API comes from a framework that routes without regard to case. */
const CASE_INSENSITIVE_CONTACT = '/api/Checkout/sessions/me/contact';
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** JSON responses are never rendered: nothing may load, frame or submit anything. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/** Swagger UI's page inlines its styles and start-up script. */
const SWAGGER_UI_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
const SWAGGER_UI_PAGES = /^\/docs(\/(?!events)|\/?$|\/?\?)/;

/** Builds the whole HTTP application (not listening yet): used by main.ts and by the e2e tests. */
export async function createApp(
  timeouts: Partial<HttpTimeouts> = {},
): Promise<NestFastifyApplication> {
  const limits = { ...DEFAULT_TIMEOUTS, ...timeouts };
  const securityHeaders = helmetHeaders({
    // The CSP differs between the API and Swagger UI's pages, so it is set per response below.
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
  });
  // Refusals made before any hook runs carry the headers the hooks give every other answer.
  const refusalHeaders = {
    ...securityHeaders,
    'content-security-policy': API_CSP,
    'cache-control': 'no-store',
  };
  const adapter = new ProblemFastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    ...webServerProblems(refusalHeaders, MAX_PARAM_LENGTH),
    rewriteUrl: caseInsensitivePath(CASE_INSENSITIVE_CONTACT),
    // Reuse a caller's request id when it is sane, so one id follows a request across services.
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
    },
    // Refused by the hook below instead, as problem details: Fastify's own 503 is plain JSON.
    return503OnClosing: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });
  const fastify = adapter.getInstance();
  answerUnmetExpectations(fastify.server, refusalHeaders);
  // JSON only: anything else is a 415, not a string handed to validation.
  fastify.removeContentTypeParser('text/plain');
  useDepthLimitedJsonParser(fastify);
  refuseUnreadableBodies(fastify);
  // Once the server begins to close (SIGTERM), requests still arriving on open connections get a
  // 503 problem with Connection: close and Retry-After; those already running finish.
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(securityHeaders).header('x-request-id', request.id);
    if (closing) return replyWithProblem(reply, request, new ShuttingDownException());
    done();
  });

  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    // Nothing reaches the console before the JSON logger is in place; a failed start-up is
    // reported once, by main.ts, instead of by Nest's pretty-printer.
    bufferLogs: true,
    autoFlushLogs: false,
    abortOnError: false,
    // Fastify's own JSON parser only: Nest would add form-urlencoded, and we accept JSON alone.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  const config = app.get(AppConfig);
  logRequests(fastify, config);
  secureHeaders(app, config);
  if (config.authCookieName !== undefined) {
    refuseForgedCookieWrites(fastify, app.get(Credentials), config.corsOrigins);
  }
  app.setGlobalPrefix('api', {
    exclude: ['health/live', 'health/ready', 'metrics', 'docs/events'],
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  // On SIGTERM: refuse new requests, finish in-flight ones, close the database, then exit 0.
  // Without useProcessExit, Nest re-raises the signal and the process dies "killed by SIGTERM".
  app.enableShutdownHooks([], { useProcessExit: true });
  setupSwagger(app);
  return app;
}

/**
 * The headers helmet sets for `options`, read once: they do not depend on the request, and
 * building helmet's middleware per request (as @fastify/helmet does) is a visible share of a
 * request's CPU.
 */
export function helmetHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return Object.freeze(headers);
}

/**
 * Security headers for an API (helmet's, set on every answer by createApp: nosniff, no framing, no
 * referrer, HSTS; and a CSP that allows nothing), `Cache-Control: no-store` on `/api` answers
 * (they carry personal data), and CORS only for the configured origins: without CORS_ORIGINS no
 * CORS header is ever sent. Those origins may send credentials (the auth cookie) and the headers
 * BigCommerce's checkout SDK adds to every call.
 */
function secureHeaders(app: NestFastifyApplication, config: AppConfig): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (SWAGGER_UI_PAGES.test(request.url)) {
      void reply.header('content-security-policy', SWAGGER_UI_CSP);
    } else {
      void reply.header('content-security-policy', API_CSP);
      if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) {
        void reply.header('cache-control', 'no-store');
      }
    }
    done(null, payload);
  });
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...config.corsOrigins],
      // An OPTIONS that is not a preflight goes on to routing (a 405 problem), not a plain-text 400.
      strictPreflight: false,
      methods: ['GET', 'POST', 'PUT'],
      // Credentials only where there is a cookie to authenticate with.
      credentials: config.authCookieName !== undefined,
      allowedHeaders: [
        'authorization',
        'content-type',
        'if-match',
        'idempotency-key',
        'x-request-id',
        'x-checkout-sdk-version',
        'x-api-internal',
        'x-xsrf-token',
      ],
      exposedHeaders: ['etag', 'location', 'retry-after', 'x-request-id', 'idempotent-replayed'],
      maxAge: 600,
    });
  }
}
