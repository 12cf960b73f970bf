import { Controller, Get, Header, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentViewer } from '../../../shared/auth/authorized.decorator';
import { Viewer } from '../../../shared/domain/viewer';
import { ProblemDetails } from '../../../shared/http/problem-details';
import { ForShoppersAndMerchants } from '../../http/endpoints';
import { CheckoutSettingsParams } from './checkout-settings.params';
import { CheckoutSettingsResponse } from './checkout-settings.response';
import { CHECKOUT_SETTINGS_SCHEMA } from './checkout-settings.schema';
import { formFields } from './form-fields';
import { FormFieldsResponse, SdkFormFieldsResponse } from './form-fields.response';
import { GetCheckoutSettingsQuery } from './get-checkout-settings.query';

/** The read-only settings BigCommerce's checkout SDK loads with a checkout (`loadCheckout`). */
@ApiTags('Storefront settings')
@ApiExtraModels(FormFieldsResponse, SdkFormFieldsResponse)
@Controller('storefront')
export class StorefrontSettingsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('form-fields')
  // The same for every caller, changing only with a deploy: a browser may reuse it for a few
  // minutes (privately, as it took a token), few enough that new validation rules reach it soon.
  @Header('Cache-Control', 'private, max-age=300')
  @ForShoppersAndMerchants({
    summary: 'Get the checkout form fields',
    description:
      "The billing address form, generated from the billing address validation rules (required fields, maximum lengths), and every country with its subdivisions for the country and state dropdowns. The SDK's `FormFields`, plus `countries`.",
  })
  @ApiOkResponse({ type: FormFieldsResponse })
  formFields(): FormFieldsResponse {
    return formFields();
  }

  @Get('checkout-settings')
  @ForShoppersAndMerchants({
    summary: 'Get the checkout settings',
    description:
      "The SDK's `Config` for one checkout: its currency, the form fields, and the settings this service supports; what it does not know about the store is empty or false.",
  })
  @ApiOkResponse({ schema: CHECKOUT_SETTINGS_SCHEMA })
  @ApiBadRequestResponse({
    type: ProblemDetails,
    description: 'checkoutId is missing or not a UUID, or the query has an unknown parameter.',
  })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'No such checkout for this caller.' })
  checkoutSettings(
    @Query() { checkoutId }: CheckoutSettingsParams,
    @CurrentViewer() viewer: Viewer,
  ): Promise<CheckoutSettingsResponse> {
    return this.queries.execute(new GetCheckoutSettingsQuery(checkoutId, viewer));
  }
}
