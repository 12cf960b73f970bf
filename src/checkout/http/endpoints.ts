import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  HttpCode,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiQuery,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { map, Observable } from 'rxjs';
import { Authorized, SHOPPERS_AND_MERCHANTS } from '../../shared/auth/authorized.decorator';
import { Viewer } from '../../shared/domain/viewer';
import { ProblemDetails } from '../../shared/http/problem-details';
import { answerIsAbout } from '../../shared/http/idempotency/idempotency.interceptor';
import { CheckoutState } from '../domain/checkout';
import { CheckoutResponse, toCheckoutResponse } from './checkout.response';
import { ApiIfMatchHeader, etag } from './versioning';

interface Operation {
  summary: string;
  description: string;
}

/**
 * BigCommerce's `include` query parameter (`cart.lineItems.physicalItems.options,customer,…`),
 * which its checkout SDK adds to every storefront call. Accepted and ignored: every answer already
 * carries everything this service has.
 */
const AcceptsInclude = (): MethodDecorator =>
  ApiQuery({
    name: 'include',
    required: false,
    type: String,
    description:
      "BigCommerce's sub-resources to include, comma-separated. Accepted for compatibility; every answer already includes all this service has.",
    example: 'cart.lineItems.physicalItems.options,customer',
  });

/** A storefront route: shoppers (guests and customers) and merchants may call it. */
export const ForShoppersAndMerchants = ({
  acceptsInclude = true,
  ...operation
}: Operation & {
  /** BigCommerce's storefront routes take `include`; true unless said otherwise. */
  acceptsInclude?: boolean;
}): MethodDecorator =>
  applyDecorators(
    Authorized(...SHOPPERS_AND_MERCHANTS),
    ...(acceptsInclude ? [AcceptsInclude()] : []),
    ApiOperation(operation),
  );

/** A merchant-only route. */
export const ForMerchants = (operation: Operation): MethodDecorator =>
  applyDecorators(Authorized('merchant'), ApiOperation(operation));

export const INVALID_BODY = 'Invalid body; `fields` lists each failing field, `detail` names them.';

/** A command on an existing checkout: it takes If-Match, and answers 400, 404 and 409 as said. */
export const ChangesCheckout = (problems: {
  badRequest?: string;
  notFound: string;
  conflict: string;
}): MethodDecorator =>
  applyDecorators(
    ApiIfMatchHeader(),
    ApiBadRequestResponse({ type: ProblemDetails, description: problems.badRequest }),
    ApiNotFoundResponse({ type: ProblemDetails, description: problems.notFound }),
    ApiConflictResponse({ type: ProblemDetails, description: problems.conflict }),
  );

export class OrderResponse {
  @ApiProperty({ example: 100001 })
  id!: number;
}

/**
 * How a route answers with the checkout state its command or query returned; every answer carries
 * the new version as `ETag`:
 * - `checkout`: 200 with the whole checkout, as the caller may see it;
 * - `created`: 201 with the whole checkout and its `Location`;
 * - `version`: 204, the ETag alone;
 * - `order`: 200 with the order's id.
 */
const ANSWERS = {
  checkout: { status: 200, document: ApiOkResponse, type: CheckoutResponse },
  created: { status: 201, document: ApiCreatedResponse, type: CheckoutResponse },
  version: { status: 204, document: ApiNoContentResponse, type: undefined },
  order: { status: 200, document: ApiOkResponse, type: OrderResponse },
} as const;
type Answer = keyof typeof ANSWERS;
const ANSWER = 'checkout:answer';

@Injectable()
export class CheckoutAnswerInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler<CheckoutState>): Observable<unknown> {
    const answer = this.reflector.get<Answer>(ANSWER, context.getHandler());
    const http = context.switchToHttp();
    return next.handle().pipe(
      map((state) => {
        const reply = http.getResponse<FastifyReply>();
        answerIsAbout(http.getRequest<object>(), state.id);
        void reply.header('etag', etag(state.version));
        if (answer === 'version') return undefined;
        if (answer === 'order') return { id: state.orderId };
        if (answer === 'created') {
          void reply.header('location', `/api/storefront/checkouts/${state.id}`);
        }
        return toCheckoutResponse(state, http.getRequest<{ user: Viewer }>().user);
      }),
    );
  }
}

/** The route answers with its checkout state as `answer` says: status, body, ETag and document. */
export const Answers = (answer: Answer, description?: string): MethodDecorator => {
  const { status, document, type } = ANSWERS[answer];
  return applyDecorators(
    SetMetadata(ANSWER, answer),
    UseInterceptors(CheckoutAnswerInterceptor),
    HttpCode(status),
    document({
      type,
      description,
      ...(answer === 'version' && {
        headers: { ETag: { description: 'The new version, quoted.', schema: { type: 'string' } } },
      }),
    }),
  );
};
