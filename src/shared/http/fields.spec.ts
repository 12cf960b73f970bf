import { applyDecorators } from '@nestjs/common';
import { IsDefined, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import * as fc from 'fast-check';
import { NO_BIDI_CONTROLS, NO_CONTROL_CHARACTERS, Text } from './fields';
import { createValidationPipe, ValidationFailedException } from './validation';

/** Text's rules as the four class-validator decorators they were written with until 2026-11-23. */
function ReferenceText(maxLength: number, required: boolean, allowEmpty: boolean) {
  const presence = !required ? IsOptional() : allowEmpty ? IsDefined() : IsNotEmpty();
  return applyDecorators(
    presence,
    IsString(),
    MaxLength(maxLength),
    Matches(NO_CONTROL_CHARACTERS, { message: '$property must not contain control characters' }),
    Matches(NO_BIDI_CONTROLS, {
      message: '$property must not contain bidirectional control characters',
    }),
  );
}

class Reference {
  @ReferenceText(5, false, false) optional?: string;
  @ReferenceText(5, true, false) required!: string;
  @ReferenceText(5, true, true) allowEmpty!: string;
}

class Actual {
  @Text({ maxLength: 5 }) optional?: string;
  @Text({ maxLength: 5, required: true }) required!: string;
  @Text({ maxLength: 5, required: true, allowEmpty: true }) allowEmpty!: string;
}

const pipe = createValidationPipe();

async function errorsOf(metatype: new () => object, body: unknown): Promise<unknown> {
  try {
    return { accepted: await pipe.transform(body, { type: 'body', metatype }) };
  } catch (error) {
    if (error instanceof ValidationFailedException) return { fields: error.fields };
    throw error;
  }
}

/** Text that is often near the bounds: control and bidi characters, astral symbols, 5 ± 1 long. */
const tricky = fc.string({
  unit: fc.oneof(
    fc.constantFrom('a', ' ', '\t', '\n', '\u0000', '\u001f', '\u007f', '\u202e', '\u2066', '😀'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 7,
});
const value = fc.oneof(
  tricky,
  fc.constantFrom('', 'abcde', 'abcdef', '😀😀😀😀😀', null, 0, 12345, true, [], {}, ['a']),
);

describe('Text fields', () => {
  it('accept and refuse exactly what the four class-validator decorators did, with the same messages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ optional: value, required: value, allowEmpty: value }, { requiredKeys: [] }),
        async (body) => {
          const [actual, reference] = await Promise.all([
            errorsOf(Actual, { ...body }),
            errorsOf(Reference, { ...body }),
          ]);
          if ('accepted' in (reference as object)) {
            expect(actual).toEqual({ accepted: expect.any(Actual) });
            expect({ ...(actual as { accepted: object }).accepted }).toEqual({
              ...(reference as { accepted: object }).accepted,
            });
          } else {
            expect(actual).toEqual(reference);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('words each broken rule as before (control)', async () => {
    expect(await errorsOf(Actual, { required: 7, allowEmpty: '' })).toEqual({
      fields: { required: ['required must be a string'] },
    });
    expect(
      await errorsOf(Actual, { required: 'abcdef', allowEmpty: 'a\u0000', optional: '\u202e' }),
    ).toEqual({
      fields: {
        required: ['required must be shorter than or equal to 5 characters'],
        allowEmpty: ['allowEmpty must not contain control characters'],
        optional: ['optional must not contain bidirectional control characters'],
      },
    });
  });
});
