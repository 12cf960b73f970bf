import type { OpenAPIObject } from '@nestjs/swagger';

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
  for (const path of Object.values(document.paths)) {
    for (const operation of [path.get, path.post, path.put, path.patch, path.delete]) {
      if (!operation?.parameters) continue;
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
  }
  return document;
}

const isHeader = (parameter: Parameter): parameter is HeaderParameter =>
  'in' in parameter && parameter.in === 'header';
