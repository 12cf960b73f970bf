import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';

type RawRequest = IncomingMessage & { id?: unknown; originalUrl?: string };

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
 * Structured JSON logs: one pino instance for application logs (Nest's Logger included) and one
 * line per request. Each request's lines carry `reqId`, Fastify's request id, which is the
 * caller's `X-Request-Id` when it sent a sane one and is echoed in the response header.
 */
export function loggerParams(config: AppConfig): Params {
  return {
    // Every route, those outside the `/api` prefix included, exactly once: the default route list
    // of nestjs-pino adds the prefix-excluded paths a second time and logs their requests twice.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.logLevel,
      // Middie copies Fastify's request id onto the raw request the middleware sees.
      genReqId: (request: RawRequest) =>
        typeof request.id === 'string' ? request.id : randomUUID(),
      // Logs made while serving a request carry only its id, not the whole request again.
      quietReqLogger: true,
      autoLogging: {
        // originalUrl: middie strips the mount path from `url` for path-scoped middleware.
        ignore: (request: RawRequest) =>
          UNLOGGED_PATHS.test(request.originalUrl ?? request.url ?? ''),
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
    },
  };
}
