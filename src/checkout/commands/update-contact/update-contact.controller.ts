import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CheckoutState } from '../../domain/checkout';
import {
  Answers,
  ChangesCheckout,
  ForShoppersAndMerchants,
  INVALID_BODY,
} from '../../http/endpoints';
import { Caller, CurrentCaller } from '../../http/versioning';
import { UpdateContactCommand } from './update-contact.command';
import { UpdateContactRequest } from './update-contact.request';

@ApiTags('Contact')
@Controller('Checkout/sessions/me')
export class UpdateContactController {
  constructor(private readonly commands: CommandBus) {}

  @Post('contact')
  @ForShoppersAndMerchants({
    summary: 'Update contact',
    description:
      'Edits the prefill contact details before card capture. Answers 204 with `ETag: "<version>"`.',
    acceptsInclude: false, // the payment page's route, not a BigCommerce storefront one
  })
  @ChangesCheckout({
    badRequest: INVALID_BODY,
    notFound: 'No such session for this caller.',
    conflict: 'The checkout is completed, or is not at `version`.',
  })
  @Answers('version', 'Contact updated.')
  update(
    @Body() { sessionId, version, ...contact }: UpdateContactRequest,
    @CurrentCaller() caller: Caller,
  ): Promise<CheckoutState> {
    return this.commands.execute(
      new UpdateContactCommand(caller.target(sessionId, version), contact),
    );
  }
}
