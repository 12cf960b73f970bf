import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SchemaObject, SwaggerModule } from '@nestjs/swagger';
import { withIdempotencyKeys, withoutDuplicateHeaders } from './swagger-headers';
import { operationsOf, withProblemContentType, withProblemResponses } from './swagger-responses';

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
        '**Try it here.** On a fresh machine `npm start` seeds demo checkouts and prints a guest and a',
        'merchant token: click **Authorize**, paste the guest token, then run the operations top to',
        'bottom with their examples, which name the demo checkouts. The last one, creating a checkout,',
        'is for merchants: **Authorize** → **Logout**, paste the merchant token, then run it.',
        '`npm run token -- --role guest --sub shopper-1` mints more tokens.',
        '',
        'Every change increases the checkout `version` by one; send it back as `version` or `If-Match` to',
        'refuse to overwrite a change you have not seen (409 with `currentVersion`).',
        '',
        'Every write (POST, PUT) takes an `Idempotency-Key`: retry it with the same key after a timeout',
        'or a 503, and it is applied at most once.',
        '',
        'Every error is RFC 9457 problem details (`application/problem+json`). A method that a path of',
        'this document does not list (say `DELETE` on a checkout) is answered 405 with an `Allow` header',
        'naming the methods it has.',
      ].join('\n'),
    )
    .setVersion('1.0.0')
    // Relative: the API is wherever this document is served from, so "Try it out" calls the same
    // origin as the page, and a copy of the document is not tied to one host.
    .addServer('/', 'This service: the origin that serves this document')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    // Swagger UI lists tags in this order, and within a tag the operations in the order the
    // module registers its controllers: a newcomer who runs the examples top to bottom with the
    // demo guest token meets the one operation that token may not call, creating a checkout
    // (merchants only), last (CheckoutModule registers its controller last).
    .addTag('Contact', 'Checkout session contact (payment-page API)')
    .addTag('Billing address', 'BigCommerce Storefront Checkout billing address')
    .addTag('Orders', 'Place the order: the checkout is completed')
    .addTag('Storefront settings', "What BigCommerce's checkout SDK loads with a checkout")
    .addTag('Checkouts', 'Create and read checkouts')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // Headers first: which statuses an operation gets depends on its headers.
  return withProblemContentType(
    withNullableReferences(
      withProblemResponses(
        withIdempotencyKeys(withoutDuplicateHeaders(withOptionalBodies(document))),
      ),
    ),
  );
}

/**
 * @nestjs/swagger marks every `@Body()` required, but the validation pipe reads a missing body as
 * `{}` (Nest's ValidationPipe, `toEmptyIfNil`): a request without one is refused exactly when `{}`
 * is, i.e. when the body's schema requires a property. Placing an order (only an optional
 * `version`) or replacing a billing address with nothing but the email on file need no body.
 */
function withOptionalBodies(document: OpenAPIObject): OpenAPIObject {
  for (const [, operation] of operationsOf(document)) {
    const body = operation.requestBody;
    if (!body || !('content' in body)) continue;
    const schema = body.content['application/json']?.schema;
    const ref = schema && '$ref' in schema ? schema.$ref.split('/').pop()! : undefined;
    const target = (ref ? document.components?.schemas?.[ref] : schema) as SchemaObject | undefined;
    body.required = (target?.required?.length ?? 0) > 0;
  }
  return document;
}

/**
 * `@ApiProperty({ type: X, nullable: true })` becomes `{ nullable: true, allOf: [{ $ref: X }] }`,
 * which by OpenAPI 3.0.3 does NOT admit null (`nullable` only widens a `type` in the same object;
 * the `allOf` still rejects null), so `"contact": null` broke the document's own schema. State
 * "X or null" in a form every validator and generator reads the same way.
 */
function withNullableReferences(document: OpenAPIObject): OpenAPIObject {
  for (const schema of Object.values(document.components?.schemas ?? {})) {
    const properties = 'properties' in schema ? (schema.properties ?? {}) : {};
    for (const [name, property] of Object.entries(properties)) {
      if (!('allOf' in property) || !property.nullable || property.allOf?.length !== 1) continue;
      const rest: Record<string, unknown> = { ...property };
      for (const key of ['allOf', 'nullable', 'type']) delete rest[key];
      properties[name] = {
        ...rest,
        oneOf: [property.allOf[0]!, { type: 'object', nullable: true, enum: [null] }],
      };
    }
  }
  return document;
}

/**
 * Swagger UI at /docs, the OpenAPI document at /docs-json. The document is built on its first
 * request, not at start-up: scanning every route and DTO is work that no API client should wait
 * for (the OpenAPI drift test builds it, so a broken decorator still fails the suite).
 */
export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'Checkout API',
    swaggerOptions: {
      persistAuthorization: true,
      displayRequestDuration: true,
      tryItOutEnabled: true,
    },
  });
}
