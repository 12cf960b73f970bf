import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiTags } from '@nestjs/swagger';
import { CurrentViewer } from '../../../shared/auth/authorized.decorator';
import { Viewer } from '../../../shared/domain/viewer';
import { ProblemDetails } from '../../../shared/http/problem-details';
import { CheckoutState } from '../../domain/checkout';
import { Answers, ForMerchants, INVALID_BODY } from '../../http/endpoints';
import { CreateCheckoutCommand } from './create-checkout.command';
import { CreateCheckoutRequest } from './create-checkout.request';

@ApiTags('Checkouts')
@Controller('checkouts')
export class CreateCheckoutController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ForMerchants({
    summary: 'Create a checkout',
    description:
      "A merchant opens a checkout in its own channel for a shopper's cart. It starts at version 1.",
  })
  @Answers('created')
  @ApiBadRequestResponse({ type: ProblemDetails, description: INVALID_BODY })
  create(
    @Body() body: CreateCheckoutRequest,
    @CurrentViewer() merchant: Viewer,
  ): Promise<CheckoutState> {
    return this.commands.execute(
      new CreateCheckoutCommand(merchant, body.shopperId, body.currency, body.lineItems),
    );
  }
}
