import { applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Viewer } from '../../shared/domain/viewer';
import { ValidationFailedException } from '../../shared/http/validation';
import type { EditTarget } from '../commands/checkout-editor';

/**
 * The If-Match values a command accepts: `*` (any version), or one version as `"3"`, `3` or
 * `W/"3"`. The parser below and the header's `pattern` in the OpenAPI document are this one
 * expression, so a generated client never sends a value the service refuses.
 */
export const IF_MATCH = /^(?:\*|(?:W\/)?"(\d{1,9})"|(\d{1,9}))$/;
const IF_MATCH_MAX_LENGTH = 13; // W/ + quotes + 9 digits

/** Documents the optional If-Match header of a command, with its format. */
export const ApiIfMatchHeader = (): MethodDecorator =>
  ApiHeader({
    name: 'If-Match',
    required: false,
    description:
      'The version you last saw: `"3"` (as the ETag gave it), `3` or `W/"3"`; `*` means any version. 409 if the checkout has moved on.',
    schema: { type: 'string', pattern: IF_MATCH.source, maxLength: IF_MATCH_MAX_LENGTH },
  });

/**
 * The version a client expects, from the body's `version` and/or the `If-Match` header (see
 * IF_MATCH). Both may be sent, but then they must agree.
 */
export function expectedVersion(
  bodyVersion: number | undefined,
  ifMatch: string | undefined,
): number | undefined {
  let headerVersion: number | undefined;
  if (ifMatch !== undefined) {
    const match = IF_MATCH.exec(ifMatch);
    if (!match) {
      throw new ValidationFailedException({
        'If-Match': ['If-Match must be a checkout version such as "3", or *'],
      });
    }
    const digits = match[1] ?? match[2];
    if (digits !== undefined) headerVersion = Number(digits);
  }
  if (bodyVersion !== undefined && headerVersion !== undefined && bodyVersion !== headerVersion) {
    throw new ValidationFailedException({
      version: ['version and If-Match name different versions'],
    });
  }
  return bodyVersion ?? headerVersion;
}

export const etag = (version: number): string => `"${version}"`;

/** A body's optional `version`: the one a client last saw, as an alternative to If-Match. */
export const ExpectedVersion = (example: number): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      minimum: 1,
      example,
      description: 'The version you last saw; 409 if the checkout has moved on.',
    }),
    IsOptional(),
    IsInt(),
    Min(1),
    Max(2_147_483_647),
  );

/** Who sends a command, and the version they name in If-Match, if any. */
export class Caller {
  constructor(
    readonly viewer: Viewer,
    private readonly ifMatch: string | undefined,
  ) {}

  /** The command's target: `checkoutId` at the version named by If-Match and/or the body. */
  target(checkoutId: string, bodyVersion?: number): EditTarget {
    return {
      checkoutId,
      viewer: this.viewer,
      expectedVersion: expectedVersion(bodyVersion, this.ifMatch),
    };
  }
}

/** The authenticated caller of a command, with its If-Match header. */
export const CurrentCaller = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Caller => {
    const request = context
      .switchToHttp()
      .getRequest<{ user: Viewer; headers: { 'if-match'?: string } }>();
    return new Caller(request.user, request.headers['if-match']);
  },
);
