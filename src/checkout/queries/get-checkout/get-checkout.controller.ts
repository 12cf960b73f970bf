import { Controller, Get, Param, Res } from '@nestjs/common';
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
import { CheckoutIdParams } from './checkout-id.params';
import { CheckoutResponse, toCheckoutResponse } from './checkout.response';
import { GetCheckoutQuery } from './get-checkout.query';

@ApiTags('Checkouts')
@Controller('storefront/checkouts')
export class GetCheckoutController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':checkoutId')
  @Authorized(...SHOPPERS_AND_MERCHANTS)
  @ApiOperation({
    summary: 'Get a checkout',
    description: 'The checkout in BigCommerce\'s shape, with `ETag: "<version>"`.',
  })
  @ApiOkResponse({ type: CheckoutResponse })
  @ApiBadRequestResponse({ type: ProblemDetails, description: 'checkoutId is not a UUID.' })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'No such checkout for this caller.' })
  async get(
    @Param() params: CheckoutIdParams,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CheckoutResponse> {
    const checkout = await this.queries.execute(
      new GetCheckoutQuery(params.checkoutId.toLowerCase(), viewer),
    );
    void reply.header('etag', etag(checkout.version));
    return toCheckoutResponse(checkout);
  }
}
