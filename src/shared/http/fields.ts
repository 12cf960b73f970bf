import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** NUL and other C0 controls (but tab and line breaks) cannot be stored in PostgreSQL text or shown safely. */
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;
/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder what a
 * person sees: "\u202Egnp.exe" shows as "exe.png" in a back office or an e-mail. Names and
 * addresses never need them (the implicit marks U+200E/U+200F and zero-width joiners, which some
 * scripts do need, stay allowed).
 */
const NO_BIDI_CONTROLS = /^[^\u202A-\u202E\u2066-\u2069]*$/;

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
    IsString(),
    MaxLength(maxLength),
    Matches(NO_CONTROL_CHARACTERS, { message: '$property must not contain control characters' }),
    Matches(NO_BIDI_CONTROLS, {
      message: '$property must not contain bidirectional control characters',
    }),
  );
}
