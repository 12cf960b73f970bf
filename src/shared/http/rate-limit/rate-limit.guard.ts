import { ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { Viewer } from '../../domain/viewer';

/** 429, rendered as problem details with `Retry-After` by the problem-details filter. */
export class TooManyRequestsException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      `Too many requests from this caller. Retry after ${retryAfterSeconds} s.`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** The caller a request counts against: the verified token's subject, or the IP without one. */
export function rateLimitTracker(request: { user?: Viewer; ip?: string }): string {
  const viewer = request.user;
  return viewer
    ? `${viewer.role}:${viewer.channelId ?? ''}:${viewer.subject}`
    : `ip:${request.ip ?? 'unknown'}`;
}

/**
 * One request budget per caller across every route (not @nestjs/throttler's default of one per
 * route). It runs after JwtAuthGuard so the key is the *verified* subject: an unverified `sub` would
 * let anyone pick a fresh budget per request. Failed authentications count against the IP
 * (JwtAuthGuard calls this guard before answering 401), so token guessing is limited too.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    return Promise.resolve(rateLimitTracker(request as { user?: Viewer; ip?: string }));
  }

  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    name: string,
  ): string {
    return `${name}:${tracker}`;
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new TooManyRequestsException(Math.max(1, detail.timeToBlockExpire));
  }
}
