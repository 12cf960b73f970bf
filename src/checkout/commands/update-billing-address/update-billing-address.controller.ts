import { Body, Controller, Param, Put } from '@nestjs/common';
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
import { BillingAddressParams } from '../../http/params';
import { Caller, CurrentCaller } from '../../http/versioning';
import { UpdateBillingAddressCommand } from './update-billing-address.command';

@ApiTags('Billing address')
@Controller('storefront/checkouts')
export class UpdateBillingAddressController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':checkoutId/billing-address/:addressId')
  @ForShoppersAndMerchants({
    summary: 'Update checkout billing address',
    description:
      "Replaces the billing address. An omitted email keeps the one on file (a customer's token email when given).",
  })
  @ChangesCheckout({
    badRequest: INVALID_BODY,
    notFound: 'No such checkout for this caller, or addressId is not its billing address.',
    conflict: 'Completed, or not at `version`.',
  })
  @Answers('checkout')
  update(
    @Param() { checkoutId, addressId }: BillingAddressParams,
    @Body() body: BillingAddressRequest,
    @CurrentCaller() caller: Caller,
  ): Promise<CheckoutState> {
    return this.commands.execute(
      new UpdateBillingAddressCommand(
        caller.target(checkoutId, body.version),
        addressId,
        body.toFields(),
      ),
    );
  }
}
