import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CheckoutState } from '../../domain/checkout';
import { Answers, ChangesCheckout, ForShoppersAndMerchants } from '../../http/endpoints';
import { CheckoutIdParams } from '../../http/params';
import { Caller, CurrentCaller, ExpectedVersion } from '../../http/versioning';
import { CompleteCheckoutCommand } from './complete-checkout.command';

class CompleteCheckoutRequest {
  @ExpectedVersion(3)
  version?: number;
}

@ApiTags('Orders')
@Controller('storefront/checkouts')
export class CompleteCheckoutController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':checkoutId/orders')
  @ForShoppersAndMerchants({
    summary: 'Create an order',
    description: 'Places the order. The checkout is then completed and refuses every edit.',
  })
  @ChangesCheckout({
    notFound: 'No such checkout for this caller.',
    conflict: 'Already completed, has no billing address yet, or is not at `version`.',
  })
  @Answers('order')
  complete(
    @Param() { checkoutId }: CheckoutIdParams,
    @CurrentCaller() caller: Caller,
    @Body() body?: CompleteCheckoutRequest,
  ): Promise<CheckoutState> {
    return this.commands.execute(
      new CompleteCheckoutCommand(caller.target(checkoutId, body?.version)),
    );
  }
}
