import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsEmail, IsNotEmpty, IsOptional, ValidateBy } from 'class-validator';

/**
 * The one text policy of this API: what any text field a client sends must be.
 *
 * - **Well-formed Unicode.** A lone surrogate half (`"\ud83c"`, what a UI leaves when it cuts a
 *   name mid-emoji) is valid JSON but no character: PostgreSQL refuses it (a 500 before).
 * - **Lengths in characters as PostgreSQL counts them**: Unicode code points, so an emoji is 1 and
 *   a variation selector or combining mark is 1 more. Every `maxLength` here (and in the OpenAPI
 *   document, whose JSON Schema counts the same way) is at most the column's `varchar(n)`, so
 *   whatever validation accepts fits. (class-validator's MaxLength does not count variation
 *   selectors, so text it accepted could overflow the column: a 500 before.)
 * - **No control characters**: C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F, what a mis-decoded
 *   cp1252 name holds). Only multi-line fields allow tab, line feed and carriage return; a name,
 *   an address line or an email is one line.
 * - **No bidirectional embeddings, overrides or isolates** (U+202A–U+202E, U+2066–U+2069): they
 *   make text show in another order than it is stored ("\u202Egnp.exe" shows as "exe.png" in a
 *   back office or an e-mail). The implicit marks U+200E/U+200F and zero-width joiners, which
 *   some scripts and emoji need, stay allowed.
 */
const LONE_SURROGATE = /\p{Cs}/u;
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
export const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
/** Printable ASCII only: none of the rules above can fail, and length is code points already. */
const PLAIN_ASCII = /^[\x20-\x7E]*$/;

export interface TextRules {
  readonly maxLength: number;
  /** Tab and line breaks allowed (free text such as a delivery note). */
  readonly multiline?: boolean;
}

/** Characters as PostgreSQL counts them (code points), for well-formed text. */
export function characterCount(value: string): number {
  let count = value.length;
  for (let i = 0; i < value.length; i += 1) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      count -= 1;
      i += 1;
    }
  }
  return count;
}

/**
 * The first rule of the text policy that `value` breaks, as a class-validator message (`$property`
 * stands for the field); undefined when it keeps them all. One constraint instead of several:
 * class-validator's cost is mostly per constraint, and address bodies carry a dozen text fields.
 */
export function textProblem(value: unknown, rules: TextRules): string | undefined {
  if (typeof value !== 'string') return '$property must be a string';
  const tooLong = `$property must be shorter than or equal to ${rules.maxLength} characters`;
  if (PLAIN_ASCII.test(value)) return value.length > rules.maxLength ? tooLong : undefined;
  if (LONE_SURROGATE.test(value)) {
    return '$property must be well-formed Unicode (it has half of a surrogate pair)';
  }
  if (characterCount(value) > rules.maxLength) return tooLong;
  if ((rules.multiline ? CONTROL_BUT_LINE_BREAKS : CONTROL).test(value)) {
    return rules.multiline
      ? '$property must not contain control characters'
      : '$property must not contain control characters (it is one line: no tabs or line breaks)';
  }
  if (BIDI_CONTROL.test(value))
    return '$property must not contain bidirectional control characters';
  return undefined;
}

function IsText(rules: TextRules): PropertyDecorator {
  return ValidateBy({
    name: 'isText',
    constraints: [rules.maxLength],
    validator: {
      validate: (value) => textProblem(value, rules) === undefined,
      defaultMessage: (args) => textProblem(args?.value, rules) ?? '',
    },
  });
}

/** How the document tells a client (and the tests) that a field is free text over several lines. */
const MULTILINE_NOTE = 'Free text: may contain tabs and line breaks.';

interface TextOptions extends TextRules {
  required?: boolean;
  /** With `required`: the field must be present, but "" is a value (BigCommerce's fieldValue). */
  allowEmpty?: boolean;
  example?: string;
  description?: string;
}

/** A bounded string field, documented for Swagger with the same bounds it is validated with. */
export function Text({
  maxLength,
  multiline = false,
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
      description: multiline
        ? [description, MULTILINE_NOTE].filter(Boolean).join(' ')
        : description,
      ...(required && !allowEmpty ? { minLength: 1 } : {}),
    }),
    presence,
    IsText({ maxLength, multiline }),
  );
}

/** RFC 5321's limit on an address's length. */
const EMAIL_MAX_LENGTH = 320;

/** An e-mail address: a one-line text field under the same policy, then the address format. */
export function Email({
  required = false,
  example,
  description,
}: Pick<TextOptions, 'required' | 'example' | 'description'>): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      type: String,
      format: 'email',
      maxLength: EMAIL_MAX_LENGTH,
      required,
      example,
      description,
    }),
    required ? IsNotEmpty() : IsOptional(),
    IsText({ maxLength: EMAIL_MAX_LENGTH }),
    IsEmail({}, { message: '$property must be an email address' }),
  );
}
