import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { PinoLogger, type Params } from 'nestjs-pino';
import { pinoHttp, type Options } from 'pino-http';
import { AppConfig } from '../config/app-config';

type RawRequest = IncomingMessage & { id?: unknown };

/** Query parameters that carry credentials, and anything shaped like a JWT (header.payload.sig). */
const SECRET_QUERY_PARAMETER =
  /([?&](?:access_token|id_token|refresh_token|token|jwt|api_key|apikey)=)[^&#]*/gi;
const JWT_LIKE = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;

/**
 * The service reads tokens from the Authorization header only, but a client may still put one in
 * the URL (`?access_token=`): it must not end up in the logs.
 */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_PARAMETER, '$1[Redacted]').replace(JWT_LIKE, '[Redacted]');
}

/** Probes and scrapes arrive every few seconds from machines; a line each would drown real traffic. */
const UNLOGGED_PATHS = /^\/(health\/(live|ready)|metrics)(\?|$)/;

/**
 * Structured JSON logs: one pino instance for application logs (Nest's Logger included) and, from
 * `logRequests`, one line per request carrying `reqId`, Fastify's request id, which is the caller's
 * `X-Request-Id` when it sent a sane one and is echoed in the response header.
 */
export function loggerParams(config: AppConfig): Params {
  return {
    // No nestjs-pino middleware: it runs every request through middie and AsyncLocalStorage (which
    // slows every promise in the process), a large share of a cheap request's CPU.
    // Request lines come from `logRequests` instead; application logs go to the same instance.
    forRoutes: [],
    pinoHttp: requestLoggerOptions(config),
  };
}

function requestLoggerOptions(config: AppConfig): Options<RawRequest> {
  return {
    level: config.logLevel,
    genReqId: (request: RawRequest) => (typeof request.id === 'string' ? request.id : randomUUID()),
    // Logs made while serving a request carry only its id, not the whole request again.
    quietReqLogger: true,
    autoLogging: {
      ignore: (request: RawRequest) => UNLOGGED_PATHS.test(request.url ?? ''),
    },
    serializers: {
      req: (request: { url?: unknown; query?: unknown }) => {
        if (typeof request.url === 'string') request.url = redactUrl(request.url);
        delete request.query;
        return request;
      },
    },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[Redacted]',
    },
  };
}

/**
 * One line per request (pino-http, on the application's pino instance) from a Fastify hook. Only
 * when `info` is on: below it there are no request lines, and failures are still logged, with
 * their request id, by the problem-details filter.
 */
export function logRequests(fastify: FastifyInstance, config: AppConfig): void {
  const root = PinoLogger.root;
  if (!root?.isLevelEnabled('info')) return;
  const logger = pinoHttp<RawRequest>({ ...requestLoggerOptions(config), logger: root });
  fastify.addHook('onRequest', (request, reply, done) => {
    (request.raw as RawRequest).id = request.id;
    logger(request.raw, reply.raw);
    done();
  });
}
