import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
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
import { ApiIfMatchHeader, etag, expectedVersion } from '../version';
import { CompleteCheckoutCommand } from './complete-checkout.command';

class CompleteCheckoutRequest {
  @ApiPropertyOptional({
    minimum: 1,
    example: 3,
    description: 'The version you last saw; 409 if the checkout has moved on.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version?: number;
}

class OrderResponse {
  @ApiProperty({ example: 100001 })
  id!: number;
}

@ApiTags('Orders')
@Controller('storefront/checkouts')
export class CompleteCheckoutController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':checkoutId/orders')
  @HttpCode(200)
  @Authorized(...SHOPPERS_AND_MERCHANTS)
  @AcceptsInclude()
  @ApiOperation({
    summary: 'Create an order',
    description: 'Places the order. The checkout is then completed and refuses every edit.',
  })
  @ApiIfMatchHeader()
  @ApiOkResponse({ type: OrderResponse })
  @ApiBadRequestResponse({ type: ProblemDetails })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'No such checkout for this caller.' })
  @ApiConflictResponse({
    type: ProblemDetails,
    description: 'Already completed, has no billing address yet, or is not at `version`.',
  })
  async complete(
    @Param() params: CheckoutIdParams,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body?: CompleteCheckoutRequest,
    @Headers('if-match') ifMatch?: string,
  ): Promise<OrderResponse> {
    const checkout = await this.commands.execute(
      new CompleteCheckoutCommand({
        checkoutId: params.checkoutId.toLowerCase(),
        viewer,
        expectedVersion: expectedVersion(body?.version, ifMatch),
      }),
    );
    void reply.header('etag', etag(checkout.version));
    return { id: checkout.snapshot.orderId! };
  }
}
