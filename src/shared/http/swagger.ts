import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Checkout API')
    .setDescription(
      [
        'Contact details and billing address of a checkout, just before card capture.',
        '',
        '- **Storefronts** call the BigCommerce-style routes under `/api/storefront`.',
        '- **Hosted payment pages** prefill contact details with `POST /api/Checkout/sessions/me/contact`.',
        '',
        'Authorize with a bearer JWT (`npm run token -- --role guest --sub shopper-1` prints one locally).',
        'Every change increases the checkout `version` by one; send it back as `version` or `If-Match` to',
        'refuse to overwrite a change you have not seen (409 with `currentVersion`).',
        'Every error is RFC 9457 problem details (`application/problem+json`).',
      ].join('\n'),
    )
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addTag('Checkouts', 'Create and read checkouts')
    .addTag('Contact', 'Checkout session contact (payment-page API)')
    .addTag('Billing address', 'BigCommerce Storefront Checkout billing address')
    .addTag('Orders', 'Place the order: the checkout is completed')
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Swagger UI at /docs, the OpenAPI document at /docs-json. */
export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'Checkout API',
    swaggerOptions: {
      persistAuthorization: true,
      displayRequestDuration: true,
      tryItOutEnabled: true,
    },
  });
}
