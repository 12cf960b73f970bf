import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** NUL and other C0 controls (but tab and line breaks) cannot be stored in PostgreSQL text or shown safely. */
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;

interface TextOptions {
  maxLength: number;
  required?: boolean;
  example?: string;
  description?: string;
}

/** A bounded string field, documented for Swagger with the same bounds it is validated with. */
export function Text({
  maxLength,
  required = false,
  example,
  description,
}: TextOptions): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      type: String,
      maxLength,
      required,
      example,
      description,
      ...(required ? { minLength: 1 } : {}),
    }),
    ...(required ? [IsNotEmpty()] : [IsOptional()]),
    IsString(),
    MaxLength(maxLength),
    Matches(NO_CONTROL_CHARACTERS, { message: '$property must not contain control characters' }),
  );
}
