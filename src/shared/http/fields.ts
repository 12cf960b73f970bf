import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import {
  IsDefined,
  IsNotEmpty,
  IsOptional,
  isString,
  matches,
  maxLength as isWithin,
  ValidateBy,
} from 'class-validator';

/** NUL and other C0 controls (but tab and line breaks) cannot be stored in PostgreSQL text or shown safely. */
export const NO_CONTROL_CHARACTERS = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;
/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder what a
 * person sees: "\u202Egnp.exe" shows as "exe.png" in a back office or an e-mail. Names and
 * addresses never need them (the implicit marks U+200E/U+200F and zero-width joiners, which some
 * scripts do need, stay allowed).
 */
export const NO_BIDI_CONTROLS = /^[^\u202A-\u202E\u2066-\u2069]*$/;

/**
 * The first rule of a text field that `value` breaks, in class-validator's words for IsString and
 * MaxLength; undefined when it keeps them all. One constraint instead of four: class-validator's
 * cost is mostly per constraint, and address bodies carry a dozen text fields.
 */
function textProblem(value: unknown, maxLength: number): string | undefined {
  if (!isString(value)) return '$property must be a string';
  if (!isWithin(value, maxLength)) {
    return `$property must be shorter than or equal to ${maxLength} characters`;
  }
  if (!matches(value, NO_CONTROL_CHARACTERS))
    return '$property must not contain control characters';
  if (!matches(value, NO_BIDI_CONTROLS)) {
    return '$property must not contain bidirectional control characters';
  }
  return undefined;
}

function IsText(maxLength: number): PropertyDecorator {
  return ValidateBy({
    name: 'isText',
    constraints: [maxLength],
    validator: {
      validate: (value) => textProblem(value, maxLength) === undefined,
      defaultMessage: (args) => textProblem(args?.value, maxLength) ?? '',
    },
  });
}

interface TextOptions {
  maxLength: number;
  required?: boolean;
  /** With `required`: the field must be present, but "" is a value (BigCommerce's fieldValue). */
  allowEmpty?: boolean;
  example?: string;
  description?: string;
}

/** A bounded string field, documented for Swagger with the same bounds it is validated with. */
export function Text({
  maxLength,
  required = false,
  allowEmpty = false,
  example,
  description,
}: TextOptions): PropertyDecorator {
  const presence = !required ? IsOptional() : allowEmpty ? IsDefined() : IsNotEmpty();
  return applyDecorators(
    ApiProperty({
      type: String,
      maxLength,
      required,
      example,
      description,
      ...(required && !allowEmpty ? { minLength: 1 } : {}),
    }),
    presence,
    IsText(maxLength),
  );
}
