import fc from 'fast-check';

/**
 * fast-check arbitraries built from the service's own OpenAPI document (JSON Schema subset that
 * @nestjs/swagger emits: $ref, object, array, string with formats and lengths, integer, number,
 * boolean, nullable, example). openapi-sampler and json-schema-faker produce one random sample
 * outside fast-check's generator, so failures could neither be replayed from a seed nor shrunk.
 */
export type Schema = Record<string, any>;
export type OpenApiDocument = {
  paths: Record<string, Record<string, Schema>>;
  components: { schemas: Record<string, Schema> };
};

export function resolve(document: OpenApiDocument, schema: Schema): Schema {
  const ref = schema.$ref as string | undefined;
  return ref ? document.components.schemas[ref.replace('#/components/schemas/', '')]! : schema;
}

/**
 * One code point, or half of one, of every class a client can send and a database may count or
 * store differently: ASCII, Latin-1, CJK; astral symbols (two UTF-16 units, four UTF-8 bytes);
 * combining marks, variation selectors, the zero-width joiner; lone surrogate halves (which
 * JSON.stringify writes as `\ud83c` escapes, as a UI that cuts a name mid-emoji does); C0 and C1
 * controls; and any UTF-16 unit at all.
 */
export const anyUnicodeUnit: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('a', 'Z', '0', ' ', '-', '.', 'é', 'ß', '中', '\u00a0') },
  { weight: 2, arbitrary: fc.constantFrom('😀', '👩', '🇺', '𝔘', '\u{10ffff}') },
  { weight: 2, arbitrary: fc.constantFrom('\u0301', '\u0308', '\ufe0f', '\ufe0e', '\u200d') },
  { weight: 1, arbitrary: fc.constantFrom('\ud83c', '\udf89', '\udbff', '\udc00') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '\u0000',
      '\t',
      '\n',
      '\r',
      '\u001f',
      '\u007f',
      '\u0080',
      '\u0085',
      '\u009f',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);

/** Full-range Unicode text of `min` to `max` code points (a lone half counts as one). */
const unicodeText = (min: number, max: number): fc.Arbitrary<string> =>
  fc.array(anyUnicodeUnit, { minLength: min, maxLength: max }).map((units) => units.join(''));

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 64, 64);
  const ascii = fc.string({ minLength, maxLength, unit: 'grapheme-ascii' });
  // Mostly text that should pass, some of every class, and some at and around the limit, where a
  // length counted one way by validation and another by the database shows.
  const plain =
    schema.maxLength === undefined
      ? fc.oneof({ weight: 3, arbitrary: ascii }, unicodeText(minLength, maxLength))
      : fc.oneof(
          { weight: 3, arbitrary: ascii },
          unicodeText(minLength, maxLength),
          unicodeText(Math.max(minLength, schema.maxLength - 2), schema.maxLength + 2),
        );
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'email':
      return fc.emailAddress().filter((email) => email.length <= (schema.maxLength ?? 320));
    default:
      return schema.maxLength === schema.minLength && schema.maxLength !== undefined
        ? fc.string({
            minLength,
            maxLength,
            unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
          })
        : plain;
  }
}

/** Values the schema allows (mostly; the service may still refuse them, e.g. currency "ZZZ"). */
export function arbitraryFor(
  document: OpenApiDocument,
  input: Schema,
  depth = 0,
): fc.Arbitrary<unknown> {
  const schema = resolve(document, input);
  const generated = ((): fc.Arbitrary<unknown> => {
    switch (schema.type) {
      case 'object': {
        const properties = (schema.properties ?? {}) as Record<string, Schema>;
        const record: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [name, property] of Object.entries(properties)) {
          record[name] =
            depth > 4 ? fc.constant(null) : arbitraryFor(document, property, depth + 1);
        }
        return fc.record(record, { requiredKeys: (schema.required ?? []) as string[] });
      }
      case 'array':
        return fc.array(arbitraryFor(document, schema.items ?? {}, depth + 1), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.min(schema.maxItems ?? 3, 3),
        });
      case 'string':
        return stringArbitrary(schema);
      case 'integer':
        return fc.integer({
          min: schema.minimum ?? -1000,
          max: Math.min(schema.maximum ?? 2 ** 31 - 1, 2 ** 31 - 1),
        });
      case 'number':
        return fc.oneof(
          fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1_000_000 }),
          fc.integer({ min: 0, max: 100_000 }).map((cents) => cents / 100),
          fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true }),
        );
      case 'boolean':
        return fc.boolean();
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  })();
  const withExample =
    schema.example !== undefined ? fc.oneof(fc.constant(schema.example), generated) : generated;
  return schema.nullable ? fc.option(withExample, { nil: null, freq: 10 }) : withExample;
}

/** Anything JSON that is not of `type`: the wrong-type mutation. */
export function wrongType(schema: Schema): fc.Arbitrary<unknown> {
  const all: [string, fc.Arbitrary<unknown>][] = [
    ['string', fc.string({ maxLength: 8 })],
    ['integer', fc.integer()],
    ['number', fc.double({ noNaN: true, noDefaultInfinity: true })],
    ['boolean', fc.boolean()],
    ['null', fc.constant(null)],
    ['array', fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 })],
    [
      'object',
      fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
    ],
  ];
  const excluded = schema.type === 'number' ? ['number', 'integer'] : [schema.type];
  return fc.oneof(
    ...all.filter(([type]) => !excluded.includes(type)).map(([, arbitrary]) => arbitrary),
  );
}

/** A mutation of a valid body: wrong type, missing or extra field, bad format, or no object at all. */
export function mutatedBody(document: OpenApiDocument, input: Schema): fc.Arbitrary<unknown> {
  const schema = resolve(document, input);
  const properties = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
  const valid = arbitraryFor(document, schema) as fc.Arbitrary<Record<string, unknown>>;
  const mutations: fc.Arbitrary<unknown>[] = [
    fc.jsonValue({ maxDepth: 2 }),
    fc
      .tuple(valid, fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }))
      .map(([body, key, value]) =>
        key in body ? { ...body, [`${key}_extra`]: value } : { ...body, [key]: value },
      ),
  ];
  if (properties.length > 0) {
    mutations.push(
      fc
        .tuple(valid, fc.constantFrom(...properties))
        .chain(([body, [name, property]]) =>
          wrongType(resolve(document, property)).map((value) => ({ ...body, [name]: value })),
        ),
    );
    mutations.push(
      fc.tuple(valid, fc.constantFrom(...properties.map(([name]) => name))).map(([body, name]) => {
        const copy = { ...body };
        delete copy[name];
        return copy;
      }),
    );
    const formatted = properties.filter(
      ([, p]) => p.format || p.maxLength !== undefined || p.minimum !== undefined,
    );
    if (formatted.length > 0) {
      mutations.push(
        fc
          .tuple(valid, fc.constantFrom(...formatted))
          .chain(([body, [name, property]]) =>
            fc
              .oneof(
                fc.constant('not-a-' + (property.format ?? 'value')),
                fc.constant('x'.repeat((property.maxLength ?? 10) + 1)),
                fc.constant((property.minimum ?? 0) - 1),
                fc.constant('\u0000'),
                fc.constant(' '),
              )
              .map((value) => ({ ...body, [name]: value })),
          ),
      );
    }
  }
  return fc.oneof(...mutations);
}
