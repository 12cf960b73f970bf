import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** RFC 9457 problem details, as every error response of this service carries them. */
export class ProblemDetails {
  @ApiProperty({
    example: 'urn:problem-type:checkout:version-conflict',
    description: 'Identifies the problem type; `about:blank` when the HTTP status says it all.',
  })
  type!: string;

  @ApiProperty({ example: 'Version conflict' })
  title!: string;

  @ApiProperty({ example: 409 })
  status!: number;

  @ApiProperty({ example: 'The checkout is at version 4, not 3. Reload it and retry.' })
  detail!: string;

  @ApiProperty({
    example: '/api/storefront/checkouts/7c9e6679-7425-40de-944b-e07fc1f90ae7/billing-address',
    description: 'The request path.',
  })
  instance!: string;

  @ApiPropertyOptional({
    example: '01JDQ6R5Z8W4XK3M2N1P0QRSTU',
    description: 'Request id, also sent as X-Request-Id; quote it when reporting a 5xx.',
  })
  traceId?: string;

  @ApiPropertyOptional({
    description:
      "On a 400: the failing fields by path, each with its messages. `detail` names them all in one sentence. (Not called `errors`: BigCommerce's checkout SDK reads a problem with `errors` as its internal error format.)",
    example: {
      email: ['email must be an email address'],
      'customFields[0].fieldId': ['fieldId must be a string'],
    },
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
  })
  fields?: Record<string, string[]>;

  @ApiPropertyOptional({
    example: 4,
    description: "On a version conflict: the checkout's current version.",
  })
  currentVersion?: number;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
