import { STATUS_CODES } from 'node:http';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/domain-error';
import { JsonTooDeepError } from './json-body';
import { PROBLEM_CONTENT_TYPE, ProblemDetails } from './problem-details';
import {
  DATABASE_UNAVAILABLE,
  DOMAIN_PROBLEMS,
  SHUTTING_DOWN,
  VALIDATION_PROBLEM,
} from './problem-types';
import { describeFieldFailures, FieldFailures, ValidationFailedException } from './validation';

export interface Rendered {
  problem: ProblemDetails;
  headers: Record<string, string>;
}

/** What a problem is rendered from: a Fastify request, or what a raw socket's error still tells. */
export type ProblemRequest = Pick<FastifyRequest, 'url' | 'id' | 'headers'>;

const logger = new Logger('Problems');

/** SQLSTATE classes and driver errors that mean "the database is not answering", not a bug. */
const UNAVAILABLE_SQLSTATES = /^(08|53|57P)/;
const UNAVAILABLE_MESSAGES =
  /ECONNREFUSED|ECONNRESET|Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.test(code) || code === 'ECONNREFUSED')) ||
    UNAVAILABLE_MESSAGES.test(error.message)
  );
}

/** HTTP's reason phrase: Nest's HttpStatus has no name for some statuses the web server answers (431). */
function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/**
 * No route of this API is this long, so a longer path is junk a client made up: `instance` keeps
 * its beginning, enough to recognise the request, and never echoes kilobytes back.
 */
export const MAX_INSTANCE_LENGTH = 256;

/** The path of `url` as `instance` carries it: no query, at most MAX_INSTANCE_LENGTH characters. */
export function instancePath(url: string): string {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  if (path.length <= MAX_INSTANCE_LENGTH) return path;
  // Not cut inside a percent-escape, so `instance` stays a valid URI reference.
  return path.slice(0, MAX_INSTANCE_LENGTH).replace(/%[0-9A-Fa-f]?$/, '');
}

/** Turns anything thrown while serving a request into RFC 9457 problem details. */
/** A request that reached this instance after it began to shut down: refused, never started. */
export class ShuttingDownException extends Error {
  constructor() {
    super('This instance is shutting down');
    this.name = 'ShuttingDownException';
  }
}

export function renderProblem(exception: unknown, request: ProblemRequest): Rendered {
  const instance = instancePath(request.url);
  const headers: Record<string, string> = {};
  const generic = (status: number, detail: string): ProblemDetails => ({
    type: 'about:blank',
    title: statusTitle(status),
    status,
    detail,
    instance,
  });

  if (exception instanceof DomainError) {
    const known = DOMAIN_PROBLEMS[exception.code];
    if (known) {
      const fields = exception.extensions.fields as FieldFailures | undefined;
      return {
        problem: {
          type: known.type,
          title: known.title,
          status: known.status,
          detail: fields ? describeFieldFailures(fields) : exception.message,
          instance,
          ...exception.extensions,
        },
        headers,
      };
    }
  }
  if (exception instanceof ValidationFailedException) {
    return {
      problem: {
        ...VALIDATION_PROBLEM,
        detail: exception.message,
        instance,
        fields: exception.fields,
      },
      headers,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 401) headers['www-authenticate'] = bearerChallenge(request);
    const retryAfter = (exception as { retryAfterSeconds?: number }).retryAfterSeconds;
    if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
    if (status < 500) return { problem: generic(status, detailOf(exception)), headers };
  }
  if (exception instanceof JsonTooDeepError) {
    return { problem: generic(400, exception.message), headers };
  }
  const fastifyStatus = (exception as { statusCode?: unknown }).statusCode;
  const fastifyCode = (exception as { code?: unknown }).code;
  if (
    typeof fastifyStatus === 'number' &&
    fastifyStatus >= 400 &&
    fastifyStatus < 500 &&
    typeof fastifyCode === 'string' &&
    fastifyCode.startsWith('FST_')
  ) {
    return {
      problem: generic(fastifyStatus, fastifyDetail(fastifyStatus, exception as Error)),
      headers,
    };
  }
  if (exception instanceof ShuttingDownException) {
    headers['retry-after'] = '1';
    headers.connection = 'close';
    return {
      problem: {
        ...SHUTTING_DOWN,
        detail:
          'This instance is shutting down and took no part of the request. Retry: another instance will answer (a write with the same Idempotency-Key).',
        instance,
        traceId: String(request.id),
      },
      headers,
    };
  }
  if (isDatabaseUnavailable(exception)) {
    logger.warn({ err: exception, requestId: request.id }, 'database unavailable');
    headers['retry-after'] = '5';
    return {
      problem: {
        ...DATABASE_UNAVAILABLE,
        detail:
          'The database is not answering right now, so the request was not acknowledged. Retry shortly (a write with the same Idempotency-Key).',
        instance,
        traceId: String(request.id),
      },
      headers,
    };
  }
  logger.error({ err: exception, requestId: request.id }, 'unhandled error');
  return {
    problem: {
      ...generic(500, 'Something went wrong on our side. Quote traceId when reporting it.'),
      traceId: String(request.id),
    },
    headers,
  };
}

function detailOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message)
    ? message.join('; ')
    : typeof message === 'string'
      ? message
      : exception.message;
}

/** Fastify's own messages are fine to show, except for JSON syntax errors that echo the body. */
function fastifyDetail(status: number, error: Error): string {
  if (status === 413) return 'The request body is larger than 64 KiB.';
  if (status === 415) return 'Send the request body as application/json.';
  if (status === 400 && /JSON|Unexpected|prototype|constructor/i.test(error.message)) {
    return 'The request body is not valid JSON.';
  }
  return error.message;
}

/** RFC 6750: name the error when a token was presented, so clients know to refresh it. */
function bearerChallenge(request: ProblemRequest): string {
  return request.headers.authorization ? 'Bearer error="invalid_token"' : 'Bearer';
}

function sendProblem(reply: FastifyReply, { problem, headers }: Rendered): void {
  void reply.status(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/** Answers `exception` as problem details from outside Nest's pipeline (a Fastify hook). */
export function replyWithProblem(
  reply: FastifyReply,
  request: ProblemRequest,
  exception: unknown,
): void {
  sendProblem(reply, renderProblem(exception, request));
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(
      http.getResponse<FastifyReply>(),
      renderProblem(exception, http.getRequest<FastifyRequest>()),
    );
  }
}
