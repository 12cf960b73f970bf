import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { withoutDuplicateHeaders } from './swagger-headers';

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
        'merchant token: click **Authorize**, paste one, then run the operations top to bottom with their',
        'examples, which name the demo checkouts. `npm run token -- --role guest --sub shopper-1` mints',
        'more tokens.',
        '',
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
    .addTag('Storefront settings', "What BigCommerce's checkout SDK loads with a checkout")
    .build();
  return withProblemContentType(
    withNullableReferences(
      withBodyLimits(
        withIdempotencyKeys(withoutDuplicateHeaders(SwaggerModule.createDocument(app, config))),
      ),
    ),
  );
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

/** Every operation with a body may answer 413 and 415 (Fastify's body parser, see app.factory). */
function withBodyLimits(document: OpenAPIObject): OpenAPIObject {
  const problem = (description: string) => ({
    description,
    content: {
      'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } },
    },
  });
  for (const path of Object.values(document.paths)) {
    for (const operation of [path.post, path.put, path.patch]) {
      if (!operation?.requestBody) continue;
      operation.responses['413'] = problem('The request body is larger than 64 KiB.');
      operation.responses['415'] = problem('The request body is not application/json.');
    }
  }
  return document;
}

/** Error responses are application/problem+json (RFC 9457), not plain JSON. */
function withProblemContentType(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const operation of [path.get, path.post, path.put, path.patch, path.delete]) {
      for (const [status, response] of Object.entries(operation?.responses ?? {})) {
        const content = response && 'content' in response ? response.content : undefined;
        if (Number(status) >= 400 && content?.['application/json']) {
          content['application/problem+json'] = content['application/json'];
          delete content['application/json'];
        }
      }
    }
  }
  return document;
}

/** Every POST accepts an Idempotency-Key (see IdempotencyInterceptor); say so once, here. */
function withIdempotencyKeys(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    const operation = path.post;
    if (!operation) continue;
    operation.parameters = [
      ...(operation.parameters ?? []),
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description:
          'Makes the request safe to retry for 24 hours: a retry with the same key gets the first response (with `Idempotent-Replayed: true`) and changes nothing; the same key with a different request is a 422.',
        schema: { type: 'string', maxLength: 255 },
      },
    ];
    operation.responses['422'] = {
      description: 'The Idempotency-Key was already used with a different request.',
      content: {
        'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } },
      },
    };
  }
  return document;
}

/**
 * Swagger UI at /docs, the OpenAPI document at /docs-json. The document is built on its first
 * request, not at start-up: scanning every route and DTO takes ~150 ms that no API client waits
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
