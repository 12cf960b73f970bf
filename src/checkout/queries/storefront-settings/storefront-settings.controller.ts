import { Controller, Get, Header, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  Authorized,
  CurrentViewer,
  SHOPPERS_AND_MERCHANTS,
} from '../../../shared/auth/authorized.decorator';
import { ProblemDetails } from '../../../shared/http/problem-details';
import { Viewer } from '../../domain/viewer';
import { AcceptsInclude } from '../../http/include-query';
import { GetCheckoutQuery } from '../get-checkout/get-checkout.query';
import { CheckoutSettingsParams } from './checkout-settings.params';
import { CheckoutSettingsResponse, toCheckoutSettingsResponse } from './checkout-settings.response';
import { CHECKOUT_SETTINGS_SCHEMA } from './checkout-settings.schema';
import { formFields } from './form-fields';
import { FormFieldsResponse, SdkFormFieldsResponse } from './form-fields.response';

/** The read-only settings BigCommerce's checkout SDK loads with a checkout (`loadCheckout`). */
@ApiTags('Storefront settings')
@ApiExtraModels(FormFieldsResponse, SdkFormFieldsResponse)
@Controller('storefront')
export class StorefrontSettingsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('form-fields')
  @Authorized(...SHOPPERS_AND_MERCHANTS)
  // The same for every caller, changing only with a deploy: a browser may reuse it for a few
  // minutes (privately, as it took a token), few enough that new validation rules reach it soon.
  @Header('Cache-Control', 'private, max-age=300')
  @AcceptsInclude()
  @ApiOperation({
    summary: 'Get the checkout form fields',
    description:
      "The billing address form, generated from the billing address validation rules (required fields, maximum lengths), and every country with its subdivisions for the country and state dropdowns. The SDK's `FormFields`, plus `countries`.",
  })
  @ApiOkResponse({ type: FormFieldsResponse })
  formFields(): FormFieldsResponse {
    return formFields();
  }

  @Get('checkout-settings')
  @Authorized(...SHOPPERS_AND_MERCHANTS)
  @AcceptsInclude()
  @ApiOperation({
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
  async checkoutSettings(
    @Query() query: CheckoutSettingsParams,
    @CurrentViewer() viewer: Viewer,
  ): Promise<CheckoutSettingsResponse> {
    const checkout = await this.queries.execute(
      new GetCheckoutQuery(query.checkoutId.toLowerCase(), viewer),
    );
    return toCheckoutSettingsResponse(checkout, formFields());
  }
}
