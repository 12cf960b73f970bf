import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authorized, CurrentViewer } from '../../../shared/auth/authorized.decorator';
import { ProblemDetails } from '../../../shared/http/problem-details';
import { Viewer } from '../../domain/viewer';
import { CheckoutResponse, toCheckoutResponse } from '../../queries/get-checkout/checkout.response';
import { etag } from '../version';
import { CreateCheckoutCommand } from './create-checkout.command';
import { CreateCheckoutRequest } from './create-checkout.request';

@ApiTags('Checkouts')
@Controller('checkouts')
export class CreateCheckoutController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Authorized('merchant')
  @ApiOperation({
    summary: 'Create a checkout',
    description:
      "A merchant opens a checkout in its own channel for a shopper's cart. It starts at version 1.",
  })
  @ApiCreatedResponse({ type: CheckoutResponse })
  @ApiBadRequestResponse({
    type: ProblemDetails,
    description: 'Invalid body; `fields` lists each failing field, `detail` names them.',
  })
  async create(
    @Body() body: CreateCheckoutRequest,
    @CurrentViewer() merchant: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CheckoutResponse> {
    const checkout = await this.commands.execute(
      new CreateCheckoutCommand(merchant, body.shopperId, body.currency, body.lineItems),
    );
    void reply
      .header('location', `/api/storefront/checkouts/${checkout.id}`)
      .header('etag', etag(checkout.version));
    return toCheckoutResponse(checkout, merchant);
  }
}
