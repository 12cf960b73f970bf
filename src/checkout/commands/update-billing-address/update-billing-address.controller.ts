import { Body, Controller, Headers, Param, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { FastifyReply } from 'fastify';
import {
  Authorized,
  CurrentViewer,
  SHOPPERS_AND_MERCHANTS,
} from '../../../shared/auth/authorized.decorator';
import { Text } from '../../../shared/http/fields';
import { ProblemDetails } from '../../../shared/http/problem-details';
import { Viewer } from '../../domain/viewer';
import { AcceptsInclude } from '../../http/include-query';
import { CheckoutResponse, toCheckoutResponse } from '../../queries/get-checkout/checkout.response';
import { BillingAddressRequest } from '../add-billing-address/billing-address.request';
import { ApiIfMatchHeader, etag, expectedVersion } from '../version';
import { UpdateBillingAddressCommand } from './update-billing-address.command';

// The examples name the demo checkout that already has a billing address (src/demo).
class BillingAddressParams {
  @ApiProperty({ format: 'uuid', example: '3f1c6a52-9d4e-4b7a-8c21-5e0f7d9a6b13' })
  @IsUUID('all')
  checkoutId!: string;

  @ApiProperty({
    example: 'b7d2e8f4-1a3c-4e5b-9f60-7c8d9e0a1b2c',
    description: "The billing address's opaque id, verbatim.",
  })
  @Text({ maxLength: 64, required: true })
  addressId!: string;
}

@ApiTags('Billing address')
@Controller('storefront/checkouts')
export class UpdateBillingAddressController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':checkoutId/billing-address/:addressId')
  @Authorized(...SHOPPERS_AND_MERCHANTS)
  @AcceptsInclude()
  @ApiOperation({
    summary: 'Update checkout billing address',
    description:
      "Replaces the billing address. An omitted email keeps the one on file (a customer's token email when given).",
  })
  @ApiIfMatchHeader()
  @ApiOkResponse({ type: CheckoutResponse })
  @ApiBadRequestResponse({
    type: ProblemDetails,
    description: 'Invalid body; `fields` lists each failing field, `detail` names them.',
  })
  @ApiNotFoundResponse({
    type: ProblemDetails,
    description: 'No such checkout for this caller, or addressId is not its billing address.',
  })
  @ApiConflictResponse({ type: ProblemDetails, description: 'Completed, or not at `version`.' })
  async update(
    @Param() params: BillingAddressParams,
    @Body() body: BillingAddressRequest,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CheckoutResponse> {
    const checkout = await this.commands.execute(
      new UpdateBillingAddressCommand(
        {
          checkoutId: params.checkoutId.toLowerCase(),
          viewer,
          expectedVersion: expectedVersion(body.version, ifMatch),
        },
        params.addressId,
        body.toFields(),
      ),
    );
    void reply.header('etag', etag(checkout.version));
    return toCheckoutResponse(checkout, viewer);
  }
}
