import * as fc from 'fast-check';
import { characterCount, Email, Text, textProblem } from './fields';
import { createValidationPipe, ValidationFailedException } from './validation';

/**
 * The text policy, restated the slow and obvious way (one code point at a time), as the oracle
 * the decorators are checked against.
 */
function oracle(value: unknown, maxLength: number, multiline: boolean): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  const units = [...value];
  if (units.some((c) => c.length === 1 && c >= '\ud800' && c <= '\udfff')) return 'well-formed';
  if (units.length > maxLength) return 'shorter';
  const lineBreak = (c: string) => c === '\t' || c === '\n' || c === '\r';
  const control = (c: string) =>
    c <= '\u001f' || (c >= '\u007f' && c <= '\u009f') ? !(multiline && lineBreak(c)) : false;
  if (units.some(control)) return 'control';
  if (units.some((c) => (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')))
    return 'bidirectional';
  return undefined;
}

class Fields {
  @Text({ maxLength: 5 }) optional?: string;
  @Text({ maxLength: 5, required: true }) required!: string;
  @Text({ maxLength: 5, required: true, allowEmpty: true, multiline: true }) note!: string;
  @Email({}) email?: string;
}

const pipe = createValidationPipe();

async function outcome(body: unknown): Promise<{ accepted: object } | { fields: object }> {
  try {
    return { accepted: await pipe.transform(body, { type: 'body', metatype: Fields }) };
  } catch (error) {
    if (error instanceof ValidationFailedException) return { fields: error.fields };
    throw error;
  }
}

/**
 * Every class of character a client can send: ASCII, Latin-1 and C1 controls, C0 and line breaks,
 * astral symbols (4 bytes in UTF-8, 2 units in UTF-16), combining marks, variation selectors,
 * zero-width joiners, bidi controls, and lone surrogate halves as JSON escapes produce them.
 */
export const anyUnicodeUnit = fc.oneof(
  fc.constantFrom('a', 'Z', ' ', '~', 'é', 'ß', '中', '\u00a0'),
  fc.constantFrom('\u0000', '\t', '\n', '\r', '\u001f', '\u007f', '\u0080', '\u0085', '\u009f'),
  fc.constantFrom('😀', '🇺', '𝔘', '\u{10ffff}', '\u0301', '\ufe0f', '\ufe0e', '\u200d', '\u200e'),
  fc.constantFrom('\u202e', '\u2066', '\u2069', '\ud83c', '\udf89', '\udbff', '\udc00'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const tricky = fc.string({ unit: anyUnicodeUnit, maxLength: 8 });

describe('the text policy', () => {
  it('counts characters as PostgreSQL does: code points', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(characterCount(text)).toBe([...text].length);
      }),
    );
    expect(characterCount('👍🏽')).toBe(2);
    expect(characterCount('❤\ufe0f')).toBe(2);
    expect(characterCount('e\u0301')).toBe(2);
  });

  it('accepts and refuses exactly what the policy says, for any text, in every field', async () => {
    const value = fc.oneof(tricky, fc.constantFrom('', 'abcde', 'abcdef', null, 0, true, [], {}));
    await fc.assert(
      fc.asyncProperty(
        fc.record({ optional: value, required: value, note: value }, { requiredKeys: [] }),
        async (body) => {
          const result = await outcome({ ...body });
          const expected = (name: 'optional' | 'required' | 'note'): string | undefined => {
            const v = body[name];
            // A missing required value is refused by its presence rule, in that rule's words.
            if (v === undefined || v === null) return name === 'optional' ? undefined : 'any';
            if (name === 'required' && v === '') return 'should not be empty';
            return oracle(v, 5, name === 'note');
          };
          for (const name of ['optional', 'required', 'note'] as const) {
            const problem = expected(name);
            const messages = 'fields' in result ? (result.fields as any)[name] : undefined;
            if (problem === undefined)
              expect({ name, messages }).toEqual({ name, messages: undefined });
            else if (problem === 'any') expect(messages).toHaveLength(1);
            else {
              expect({ name, messages }).toEqual({
                name,
                messages: [
                  expect.stringContaining(problem === 'must be a string' ? 'string' : problem),
                ],
              });
            }
          }
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('words each broken rule for the field it names', () => {
    const rules = { maxLength: 5 };
    expect(textProblem(7, rules)).toBe('$property must be a string');
    expect(textProblem('abcdef', rules)).toBe(
      '$property must be shorter than or equal to 5 characters',
    );
    expect(textProblem('❤️❤️❤️', rules)).toBe(
      '$property must be shorter than or equal to 5 characters',
    );
    expect(textProblem('\ud83c', rules)).toMatch(/well-formed Unicode/);
    expect(textProblem('a\nb', rules)).toMatch(/one line/);
    expect(textProblem('a\nb', { ...rules, multiline: true })).toBeUndefined();
    expect(textProblem('\u0085', { ...rules, multiline: true })).toMatch(/control characters/);
    expect(textProblem('\u202e', rules)).toMatch(/bidirectional/);
    expect(textProblem('Zoë 😀', rules)).toBeUndefined();
  });

  it('holds e-mail addresses to the same policy before their format', async () => {
    for (const [email, problem] of [
      ['jane@example.com', undefined],
      ['jan\ud83ce@example.com', 'well-formed'],
      ['ja\u0085ne@example.com', 'control'],
      ['jane\n@example.com', 'control'],
      ['not-an-email', 'must be an email address'],
    ] as const) {
      const result = await outcome({ required: 'x', note: '', email });
      const messages = 'fields' in result ? (result.fields as any).email : undefined;
      if (problem === undefined)
        expect({ email, messages }).toEqual({ email, messages: undefined });
      else
        expect({ email, messages }).toEqual({
          email,
          messages: [expect.stringContaining(problem)],
        });
    }
  });
});
