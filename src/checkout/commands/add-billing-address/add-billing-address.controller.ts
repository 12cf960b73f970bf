import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
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
import { Viewer } from '../../domain/viewer';
import { AcceptsInclude } from '../../http/include-query';
import { CheckoutIdParams } from '../../queries/get-checkout/checkout-id.params';
import { CheckoutResponse, toCheckoutResponse } from '../../queries/get-checkout/checkout.response';
import { ApiIfMatchHeader, etag, expectedVersion } from '../version';
import { AddBillingAddressCommand } from './add-billing-address.command';
import { BillingAddressRequest } from './billing-address.request';

@ApiTags('Billing address')
@Controller('storefront/checkouts')
export class AddBillingAddressController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':checkoutId/billing-address')
  @HttpCode(200)
  @Authorized(...SHOPPERS_AND_MERCHANTS)
  @AcceptsInclude()
  @ApiOperation({
    summary: 'Add checkout billing address',
    description: 'Adds the billing address; a checkout has at most one (then use PUT).',
  })
  @ApiIfMatchHeader()
  @ApiOkResponse({ type: CheckoutResponse })
  @ApiBadRequestResponse({
    type: ProblemDetails,
    description: 'Invalid body; `fields` lists each failing field, `detail` names them.',
  })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'No such checkout for this caller.' })
  @ApiConflictResponse({
    type: ProblemDetails,
    description: 'Already has a billing address, is completed, or is not at `version`.',
  })
  async add(
    @Param() params: CheckoutIdParams,
    @Body() body: BillingAddressRequest,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CheckoutResponse> {
    const checkout = await this.commands.execute(
      new AddBillingAddressCommand(
        {
          checkoutId: params.checkoutId.toLowerCase(),
          viewer,
          expectedVersion: expectedVersion(body.version, ifMatch),
        },
        body.toFields(),
      ),
    );
    void reply.header('etag', etag(checkout.version));
    return toCheckoutResponse(checkout, viewer);
  }
}
