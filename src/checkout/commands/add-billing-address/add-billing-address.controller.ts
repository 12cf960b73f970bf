import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CheckoutState } from '../../domain/checkout';
import { BillingAddressRequest } from '../../http/billing-address.request';
import {
  Answers,
  ChangesCheckout,
  ForShoppersAndMerchants,
  INVALID_BODY,
} from '../../http/endpoints';
import { CheckoutIdParams } from '../../http/params';
import { Caller, CurrentCaller } from '../../http/versioning';
import { AddBillingAddressCommand } from './add-billing-address.command';

@ApiTags('Billing address')
@Controller('storefront/checkouts')
export class AddBillingAddressController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':checkoutId/billing-address')
  @ForShoppersAndMerchants({
    summary: 'Add checkout billing address',
    description: 'Adds the billing address; a checkout has at most one (then use PUT).',
  })
  @ChangesCheckout({
    badRequest: INVALID_BODY,
    notFound: 'No such checkout for this caller.',
    conflict: 'Already has a billing address, is completed, or is not at `version`.',
  })
  @Answers('checkout')
  add(
    @Param() { checkoutId }: CheckoutIdParams,
    @Body() body: BillingAddressRequest,
    @CurrentCaller() caller: Caller,
  ): Promise<CheckoutState> {
    return this.commands.execute(
      new AddBillingAddressCommand(caller.target(checkoutId, body.version), body.toFields()),
    );
  }
}
