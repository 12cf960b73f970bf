import { applyDecorators, Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { CurrentViewer } from '../../../shared/auth/authorized.decorator';
import { Viewer } from '../../../shared/domain/viewer';
import { ProblemDetails } from '../../../shared/http/problem-details';
import { CheckoutState } from '../../domain/checkout';
import { Answers, ForShoppersAndMerchants } from '../../http/endpoints';
import { CheckoutIdParams } from '../../http/params';
import { GetCheckoutQuery } from './get-checkout.query';

/** What both paths of GetCheckout share: who may call it and what it answers. */
const GetCheckoutEndpoint = (summary: string, description: string): MethodDecorator =>
  applyDecorators(
    ForShoppersAndMerchants({ summary, description }),
    Answers('checkout'),
    ApiBadRequestResponse({ type: ProblemDetails, description: 'checkoutId is not a UUID.' }),
    ApiNotFoundResponse({ type: ProblemDetails, description: 'No such checkout for this caller.' }),
  );

@ApiTags('Checkouts')
@Controller('storefront')
export class GetCheckoutController {
  constructor(private readonly queries: QueryBus) {}

  @Get('checkouts/:checkoutId')
  @GetCheckoutEndpoint(
    'Get a checkout',
    'The checkout in BigCommerce\'s shape, with `ETag: "<version>"`.',
  )
  get(
    @Param() { checkoutId }: CheckoutIdParams,
    @CurrentViewer() viewer: Viewer,
  ): Promise<CheckoutState> {
    return this.queries.execute(new GetCheckoutQuery(checkoutId, viewer));
  }

  @Get('checkout/:checkoutId')
  @GetCheckoutEndpoint(
    'Get a checkout (singular path)',
    "The same as `GET /api/storefront/checkouts/{checkoutId}`, at the path BigCommerce's checkout SDK calls.",
  )
  getSingular(
    @Param() params: CheckoutIdParams,
    @CurrentViewer() viewer: Viewer,
  ): Promise<CheckoutState> {
    return this.get(params, viewer);
  }
}
