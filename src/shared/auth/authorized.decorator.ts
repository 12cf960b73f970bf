import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Role, Viewer } from '../domain/viewer';
import { ProblemDetails } from '../http/problem-details';
import { RateLimitGuard } from '../http/rate-limit/rate-limit.guard';
import { Credentials } from './credentials';
import { VerifiedTokens } from './verified-tokens';

const ROLES_KEY = 'checkout:roles';

/**
 * Authenticates with passport-jwt, or with nothing more than a lookup for a token it verified
 * before and that has not expired since; turns passport's failures into one 401 that never says
 * which check failed to an attacker.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly rateLimit: RateLimitGuard,
    private readonly verified: VerifiedTokens,
    private readonly credentials: Credentials,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, unknown>; user?: Viewer }>();
    const token = this.credentials.tokenOf(request);
    const viewer = token === null ? undefined : this.verified.viewerOf(token);
    if (viewer !== undefined) {
      request.user = viewer;
      return true;
    }
    try {
      return (await super.canActivate(context)) as boolean;
    } catch (error) {
      // A failed attempt spends the IP's budget: past it, token guessing gets 429, not 401.
      await this.rateLimit.canActivate(context);
      throw error;
    }
  }

  override handleRequest<T>(error: unknown, viewer: T | false): T {
    if (error || !viewer) {
      throw new UnauthorizedException('A valid bearer token is required.');
    }
    return viewer;
  }
}

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.get<Role[]>(ROLES_KEY, context.getHandler()) ?? [];
    const viewer = context.switchToHttp().getRequest<{ user?: Viewer }>().user;
    if (!viewer) throw new UnauthorizedException('A valid bearer token is required.');
    if (!roles.includes(viewer.role)) {
      throw new ForbiddenException(`The ${viewer.role} role may not call this endpoint.`);
    }
    return true;
  }
}

/** The endpoint needs a bearer token whose role is one of `roles`; documents 401/403 too. */
export function Authorized(...roles: Role[]): MethodDecorator {
  return applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    UseGuards(JwtAuthGuard, RateLimitGuard, RolesGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({
      description: 'Missing, expired or invalid bearer token.',
      type: ProblemDetails,
    }),
    ApiForbiddenResponse({
      description: `Only ${roles.join(', ')} tokens may call this.`,
      type: ProblemDetails,
    }),
    ApiTooManyRequestsResponse({
      description: 'Too many requests from this token (or IP, without one); see `Retry-After`.',
      type: ProblemDetails,
      headers: {
        'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } },
      },
    }),
  );
}

export const SHOPPERS_AND_MERCHANTS: Role[] = ['guest', 'customer', 'merchant'];

/** The authenticated caller, as JwtStrategy validated it. */
export const CurrentViewer = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Viewer =>
    context.switchToHttp().getRequest<{ user: Viewer }>().user,
);
