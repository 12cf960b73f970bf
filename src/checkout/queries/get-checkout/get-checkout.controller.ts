import { applyDecorators, Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  Authorized,
  CurrentViewer,
  SHOPPERS_AND_MERCHANTS,
} from '../../../shared/auth/authorized.decorator';
import { ProblemDetails } from '../../../shared/http/problem-details';
import { etag } from '../../commands/version';
import { Viewer } from '../../domain/viewer';
import { AcceptsInclude } from '../../http/include-query';
import { CheckoutIdParams } from './checkout-id.params';
import { CheckoutResponse, toCheckoutResponse } from './checkout.response';
import { GetCheckoutQuery } from './get-checkout.query';

/** What both paths of GetCheckout share: who may call it and what it answers. */
const GetCheckoutEndpoint = (summary: string, description: string): MethodDecorator =>
  applyDecorators(
    Authorized(...SHOPPERS_AND_MERCHANTS),
    AcceptsInclude(),
    ApiOperation({ summary, description }),
    ApiOkResponse({ type: CheckoutResponse }),
    ApiBadRequestResponse({ type: ProblemDetails, description: 'checkoutId is not a UUID.' }),
    ApiNotFoundResponse({ type: ProblemDetails, description: 'No such checkout for this caller.' }),
  );

@ApiTags('Checkouts')
@Controller('storefront')
export class GetCheckoutController {
  constructor(private readonly queries: QueryBus) {}

  @Get('checkouts/:checkoutId')
  @GetCheckoutEndpoint(
    'Get a checkout',
    'The checkout in BigCommerce\'s shape, with `ETag: "<version>"`.',
  )
  async get(
    @Param() params: CheckoutIdParams,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CheckoutResponse> {
    const checkout = await this.queries.execute(
      new GetCheckoutQuery(params.checkoutId.toLowerCase(), viewer),
    );
    void reply.header('etag', etag(checkout.version));
    return toCheckoutResponse(checkout, viewer);
  }

  @Get('checkout/:checkoutId')
  @GetCheckoutEndpoint(
    'Get a checkout (singular path)',
    "The same as `GET /api/storefront/checkouts/{checkoutId}`, at the path BigCommerce's checkout SDK calls.",
  )
  getSingular(
    @Param() params: CheckoutIdParams,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CheckoutResponse> {
    return this.get(params, viewer, reply);
  }
}
