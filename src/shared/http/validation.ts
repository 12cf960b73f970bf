import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/** A 400 whose problem details list every failing field by path (`customFields[0].fieldId`). */
export class ValidationFailedException extends BadRequestException {
  constructor(readonly errors: Record<string, string[]>) {
    super('The request has invalid fields; see errors.');
  }
}

export function flattenValidationErrors(
  errors: readonly ValidationError[],
  parent = '',
  into: Record<string, string[]> = {},
): Record<string, string[]> {
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
