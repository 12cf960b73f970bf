import type {
  HeadersObject,
  OpenAPIObject,
  OperationObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem-details';

const PROBLEM: ReferenceObject = { $ref: '#/components/schemas/ProblemDetails' };
const PROBLEM_WITH_TRACE_ID: SchemaObject = {
  allOf: [
    PROBLEM,
    { type: 'object', required: ['traceId'], properties: { traceId: { type: 'string' } } },
  ],
};

/** A problem-details response (RFC 9457), as the problem-details filter writes every error. */
export function problemResponse(
  description: string,
  options: { headers?: HeadersObject; schema?: SchemaObject | ReferenceObject } = {},
): ResponseObject {
  return {
    description,
    ...(options.headers && { headers: options.headers }),
    content: { [PROBLEM_CONTENT_TYPE]: { schema: options.schema ?? PROBLEM } },
  };
}

const RETRY_AFTER: HeadersObject = {
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
};
const REQUEST_ID: HeadersObject = {
  'X-Request-Id': {
    description: 'The request id, the same as `traceId`.',
    schema: { type: 'string' },
  },
};

/** The operations of a document, each with its lower-case method. */
export function* operationsOf(document: OpenAPIObject): Generator<[string, OperationObject]> {
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (operation) yield [method, operation];
    }
  }
}

/** What any operation may answer, whatever it does: the server failed, or its database did. */
const EVERY_OPERATION: Readonly<Record<string, ResponseObject>> = {
  '500': problemResponse(
    'Something went wrong on our side. `traceId` (also sent as `X-Request-Id`) finds the request in the logs: quote it when reporting.',
    { headers: REQUEST_ID, schema: PROBLEM_WITH_TRACE_ID },
  ),
  '503': problemResponse(
    'The database is not answering, or this instance is shutting down (`Connection: close`), so the request was not acknowledged. Retry after `Retry-After` seconds; repeat a write with the same `Idempotency-Key`, so that it applies at most once.',
    { headers: { ...RETRY_AFTER, ...REQUEST_ID }, schema: PROBLEM_WITH_TRACE_ID },
  ),
};

/** What a bearer-authenticated operation may answer (see `Authorized`). */
const AUTHENTICATED_OPERATION: Readonly<Record<string, ResponseObject>> = {
  '401': problemResponse('Missing, expired or invalid bearer token.', {
    headers: {
      'WWW-Authenticate': {
        description: '`Bearer`; `Bearer error="invalid_token"` when a token was sent.',
        schema: { type: 'string' },
      },
    },
  }),
  '403': problemResponse("The token's role may not call this."),
  '429': problemResponse('Too many requests from this caller; see `Retry-After`.', {
    headers: RETRY_AFTER,
  }),
};

/** What an operation with a body may answer before any handler runs (Fastify's body parser). */
const OPERATION_WITH_BODY: Readonly<Record<string, ResponseObject>> = {
  '400': problemResponse(
    'The body is not JSON, or invalid: `fields` lists each failing field, `detail` names them.',
  ),
  '413': problemResponse('The request body is larger than 64 KiB.'),
  '415': problemResponse(
    'The request body is not `application/json` in UTF-8, or is compressed (a `Content-Encoding` other than identity).',
    {
      headers: {
        'Accept-Encoding': {
          description: '`identity`, when the body was refused for its content coding.',
          schema: { type: 'string' },
        },
      },
    },
  ),
};

const HEADERS_VALIDATED = problemResponse(
  'A header does not have its documented format: `fields` names it.',
);

/**
 * Declares on every operation the statuses that no controller decides (500, 503; 401, 403 and
 * 429 where a token is needed; 400, 413 and 415 where a body is parsed; 400 where a header has a
 * format). A status a controller already declares keeps its description (filled in when empty)
 * and gains the headers (`WWW-Authenticate`, `Retry-After`) the filter sends with it. Responses
 * end up in the order of their status codes.
 */
export function withProblemResponses(document: OpenAPIObject): OpenAPIObject {
  for (const [, operation] of operationsOf(document)) {
    const add = (responses: Readonly<Record<string, ResponseObject>>) => {
      for (const [status, response] of Object.entries(responses)) {
        const declared = operation.responses[status];
        if (!declared) {
          operation.responses[status] = structuredClone(response);
        } else if ('description' in declared) {
          declared.description ||= response.description;
          if (response.headers) declared.headers = { ...response.headers, ...declared.headers };
        }
      }
    };
    add(EVERY_OPERATION);
    if (operation.security?.length) add(AUTHENTICATED_OPERATION);
    if (operation.requestBody) add(OPERATION_WITH_BODY);
    const formattedHeader = (operation.parameters ?? []).some(
      (p) => 'in' in p && p.in === 'header' && p.schema && 'pattern' in p.schema,
    );
    if (formattedHeader) add({ '400': HEADERS_VALIDATED });
    operation.responses = Object.fromEntries(
      Object.entries(operation.responses).sort(([a], [b]) => a.localeCompare(b)),
    );
  }
  return document;
}

/** Error responses are application/problem+json (RFC 9457), not plain JSON. */
export function withProblemContentType(document: OpenAPIObject): OpenAPIObject {
  for (const [, operation] of operationsOf(document)) {
    for (const [status, response] of Object.entries(operation.responses)) {
      const content = response && 'content' in response ? response.content : undefined;
      if (Number(status) >= 400 && content?.['application/json']) {
        content[PROBLEM_CONTENT_TYPE] = content['application/json'];
        delete content['application/json'];
      }
    }
  }
  return document;
}
