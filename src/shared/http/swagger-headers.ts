import type { OpenAPIObject, ParameterObject, ResponseObject } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY, IDEMPOTENT_METHODS } from './idempotency/idempotency.interceptor';
import { operationsOf, problemResponse } from './swagger-responses';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Parameter = NonNullable<Operation['parameters']>[number];
type HeaderParameter = Extract<Parameter, { in: string }>;

/**
 * `@Headers('if-match')` in a handler makes @nestjs/swagger add a *required*, undocumented
 * `if-match` parameter beside the optional `If-Match` that `@ApiHeader` documents. Header names are
 * case-insensitive, so they are one header: keep the documented one. Otherwise Swagger UI refuses
 * "Try it out" until the user invents an If-Match value.
 */
export function withoutDuplicateHeaders(document: OpenAPIObject): OpenAPIObject {
  for (const [, operation] of operationsOf(document)) {
    if (!operation.parameters) continue;
    const documented = new Set(
      operation.parameters
        .filter(isHeader)
        .filter((p) => p.description !== undefined)
        .map((p) => p.name.toLowerCase()),
    );
    operation.parameters = operation.parameters.filter(
      (p) => !isHeader(p) || p.description !== undefined || !documented.has(p.name.toLowerCase()),
    );
  }
  return document;
}

const isHeader = (parameter: Parameter): parameter is HeaderParameter =>
  'in' in parameter && parameter.in === 'header';

const IDEMPOTENCY_KEY_PARAMETER: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes the request safe to retry for 24 hours. A retry with the same key and the same request gets the first successful response again (with `Idempotent-Replayed: true`) and changes nothing; a retry while the first is still running waits for it; the same key with a different request is a 422. A request that failed is not remembered, so it may be retried with its key. Keys belong to the caller (the token); use a new one, such as a UUID, for every new change.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: IDEMPOTENCY_KEY.source },
};
const REPLAYED: ResponseObject['headers'] = {
  'Idempotent-Replayed': {
    description:
      '`true` when this is the stored response to an earlier request with this Idempotency-Key.',
    schema: { type: 'string', enum: ['true'] },
  },
};
const KEY_REUSED = problemResponse(
  'This Idempotency-Key was already used with a different request. Use a new key.',
);
const KEY_UNFINISHED =
  'the first request with this Idempotency-Key has not finished yet (retry it)';

/**
 * Every write takes an Idempotency-Key (see IdempotencyInterceptor, which decides by the same
 * methods): say so once, here, with the statuses it adds.
 */
export function withIdempotencyKeys(document: OpenAPIObject): OpenAPIObject {
  for (const [method, operation] of operationsOf(document)) {
    if (!IDEMPOTENT_METHODS.has(method.toUpperCase())) continue;
    operation.parameters = [
      ...(operation.parameters ?? []),
      structuredClone(IDEMPOTENCY_KEY_PARAMETER),
    ];
    for (const [status, response] of Object.entries(operation.responses)) {
      if (status.startsWith('2') && response && 'description' in response) {
        response.headers = { ...response.headers, ...REPLAYED };
      }
    }
    operation.responses['422'] = structuredClone(KEY_REUSED);
    const conflict = operation.responses['409'];
    if (conflict && 'description' in conflict) {
      conflict.description = `${conflict.description} Also when ${KEY_UNFINISHED}.`;
    } else {
      operation.responses['409'] = problemResponse(`When ${KEY_UNFINISHED}.`);
    }
  }
  return document;
}
