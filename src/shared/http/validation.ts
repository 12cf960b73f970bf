import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/** Failure messages by field path (`customFields[0].fieldId`). */
export type FieldFailures = Record<string, string[]>;

/** A 400 whose problem details list every failing field by path, under `fields`. */
export class ValidationFailedException extends BadRequestException {
  constructor(readonly fields: FieldFailures) {
    super(describeFieldFailures(fields));
  }
}

/**
 * One sentence naming every failing field, for a problem's `detail`: clients that show only a
 * message (BigCommerce's checkout SDK shows `detail`) still tell the shopper what to fix. A message
 * that starts with the field's own name (class-validator's `$property must …`) gets the whole path
 * in its place; any other is put after the path.
 */
export function describeFieldFailures(fields: FieldFailures): string {
  const parts = Object.entries(fields).map(([path, messages]) => {
    const leaf = /[^.[\]]+$/.exec(path)?.[0] ?? path;
    return messages
      .map((message) =>
        message.startsWith(`${leaf} `)
          ? `${path}${message.slice(leaf.length)}`
          : `${path}: ${message}`,
      )
      .join('; ');
  });
  const noun = parts.length === 1 ? 'field' : 'fields';
  return `Invalid ${noun}: ${parts.join('; ')}.`;
}

export function flattenValidationErrors(
  errors: readonly ValidationError[],
  parent = '',
  into: FieldFailures = {},
): FieldFailures {
  for (const error of errors) {
    const path = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    if (error.constraints) (into[path] ??= []).push(...Object.values(error.constraints));
    if (error.children?.length) flattenValidationErrors(error.children, path, into);
  }
  return into;
}

/** Strict input: unknown fields are refused, not silently dropped; types are never coerced. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedException(flattenValidationErrors(errors)),
  });
}
