import { createHash } from 'node:crypto';
import {
  CallHandler,
  ExecutionContext,
  HttpException,
  Injectable,
  NestInterceptor,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import { Viewer } from '../../domain/viewer';
import { StatementRunner } from '../../persistence/statement-runner';
import { ValidationFailedException } from '../validation';

/** 1 to 255 visible ASCII characters; also the header's `pattern` in the OpenAPI document. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/;
/** The writes: every method that changes something takes an Idempotency-Key. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const REPLAYED_HEADERS = ['etag', 'location'] as const;

interface StoredResponse {
  fingerprint: string;
  status_code: number;
  headers: Record<string, string>;
  body: unknown;
}

/** The resource each request's response is about, as its route says (see `answerIsAbout`). */
const resources = new WeakMap<object, string>();

/**
 * Says which resource (a uuid) a request's response is about: its Idempotency-Key record is then
 * stored with it, so whoever deletes that resource can delete the response kept for replays too
 * (it holds the resource's data: see the checkout retention).
 */
export function answerIsAbout(request: object, resourceId: string): void {
  resources.set(request, resourceId);
}

/** Same key, different request. */
export class IdempotencyKeyReusedException extends UnprocessableEntityException {
  constructor() {
    super('This Idempotency-Key was already used with a different request. Use a new key.');
  }
}

/**
 * Stripe's Idempotency-Key semantics for every write (POST, PUT…) that carries the header.
 *
 * The key row is inserted first, in the same transaction as the change itself: a concurrent
 * retry with the same key blocks on that row until the first attempt commits, then replays its
 * response. A failed attempt rolls back with its key, so it may be retried. Keys live 24 hours.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly statements: StatementRunner) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Viewer }>();
    const header = request.headers['idempotency-key'];
    if (header === undefined || !IDEMPOTENT_METHODS.has(request.method)) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || !IDEMPOTENCY_KEY.test(key)) {
      throw new ValidationFailedException({
        'Idempotency-Key': ['Idempotency-Key must be 1 to 255 visible ASCII characters'],
      });
    }
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return from(this.once(request, reply, key, next));
  }

  private once(
    request: FastifyRequest & { user?: Viewer },
    reply: FastifyReply,
    key: string,
    next: CallHandler,
  ): Promise<unknown> {
    const viewer = request.user;
    const scope = viewer
      ? `${viewer.role}:${viewer.channelId ?? ''}:${viewer.subject}`
      : 'anonymous';
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');

    return this.statements.transaction(async () => {
      await this.statements.query(
        `DELETE FROM idempotency_keys
          WHERE scope = $1 AND key = $2 AND created_at < now() - interval '24 hours'`,
        [scope, key],
      );
      const claimed = await this.statements.query(
        `INSERT INTO idempotency_keys (scope, key, fingerprint) VALUES ($1, $2, $3)
         ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
        [scope, key, fingerprint],
      );
      if (claimed.length === 0) return this.replay(scope, key, fingerprint, reply);

      const body: unknown = await lastValueFrom(next.handle(), { defaultValue: undefined });
      const headers: Record<string, string> = {};
      for (const name of REPLAYED_HEADERS) {
        const value = reply.getHeader(name);
        if (typeof value === 'string') headers[name] = value;
      }
      await this.statements.query(
        `UPDATE idempotency_keys
            SET status_code = $3, headers = $4::jsonb, body = $5::jsonb, resource_id = $6
          WHERE scope = $1 AND key = $2`,
        [
          scope,
          key,
          reply.statusCode,
          JSON.stringify(headers),
          body === undefined ? null : JSON.stringify(body),
          resources.get(request) ?? null,
        ],
      );
      return body;
    });
  }

  private async replay(
    scope: string,
    key: string,
    fingerprint: string,
    reply: FastifyReply,
  ): Promise<unknown> {
    const [stored] = await this.statements.query<StoredResponse>(
      'SELECT fingerprint, status_code, headers, body FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [scope, key],
    );
    if (!stored)
      throw new HttpException('The first request with this Idempotency-Key is unfinished.', 409);
    if (stored.fingerprint !== fingerprint) throw new IdempotencyKeyReusedException();
    void reply.headers({ ...stored.headers, 'idempotent-replayed': 'true' });
    return stored.body ?? undefined;
  }
}
