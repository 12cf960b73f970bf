/**
 * The text policy against the real database, for every text field of every write the OpenAPI
 * document declares (found by walking the request body schemas, so a field added later is covered
 * too): text of exactly `maxLength` characters made of what PostgreSQL counts differently from
 * UTF-16 or from validator.js (astral symbols, variation selectors, combining marks, ZWJ
 * sequences) is stored and read back unchanged; one character more, half a surrogate pair (as a
 * JSON escape), a C1 control or, in a one-line field, a line break is a 400 naming the field.
 * Never a 5xx, and a refusal changes nothing.
 */
import { anAddressBody, aContactBody, billingPath, CONTACT } from '../support/checkout-api';
import { resolve, Schema } from '../support/openapi-arbitraries';
import { TestApp, uniqueShopper } from '../support/test-app';

/** Sequences PostgreSQL counts as one or more characters, each counted here in code points. */
const HARD_TEXT = ['😀', '❤\ufe0f', 'e\u0301', '👩\u200d💻', '🇺🇸', '中', 'ß', '\u00a0'];

/** Exactly `length` code points of HARD_TEXT, cut at a code point (never inside a pair). */
function hardText(length: number): string {
  const points = [...HARD_TEXT.join('').repeat(Math.ceil(length / 4) + 1)];
  return points.slice(0, length).join('');
}

interface TextField {
  /** Path in the body as the service names it in `fields` (`customFields[0].fieldValue`). */
  path: string;
  maxLength: number;
  multiline: boolean;
}

/** Every bounded plain-text property of a body schema (formats and patterns have rules of their own). */
function textFields(document: any, input: Schema, prefix = ''): TextField[] {
  const schema = resolve(document, input);
  if (schema.type === 'array') return textFields(document, schema.items ?? {}, `${prefix}[0]`);
  if (schema.type !== 'object') return [];
  return Object.entries((schema.properties ?? {}) as Record<string, Schema>).flatMap(
    ([name, property]) => {
      const path = prefix ? `${prefix}.${name}` : name;
      const resolved = resolve(document, property);
      if (resolved.type === 'string') {
        const plain = resolved.maxLength !== undefined && !resolved.format && !resolved.pattern;
        // Only free text (a delivery note) may span lines; the document says which.
        const multiline = /line breaks/i.test(resolved.description ?? '');
        return plain ? [{ path, maxLength: resolved.maxLength, multiline }] : [];
      }
      return textFields(document, property, path);
    },
  );
}

function withValue(body: any, path: string, value: string): any {
  const copy = structuredClone(body);
  const keys = path.split(/\.|\[(\d+)\]\.?/).filter((key) => key !== undefined && key !== '');
  let target = copy;
  for (const key of keys.slice(0, -1)) target = target[key];
  target[keys.at(-1)!] = value;
  return copy;
}

function containsString(value: unknown, wanted: string): boolean {
  if (typeof value === 'string') return value === wanted;
  if (Array.isArray(value)) return value.some((item) => containsString(item, wanted));
  if (value && typeof value === 'object')
    return Object.values(value).some((item) => containsString(item, wanted));
  return false;
}

describe('text fields and Unicode, on the real database', () => {
  let t: TestApp;
  let document: any;

  beforeAll(async () => {
    t = await TestApp.start();
    document = (await t.request('GET', '/docs-json')).json();
  });
  afterAll(() => t.close());

  /** Each write, with a body that passes, and how to read back what it stored. */
  const writes = [
    {
      name: 'create checkout',
      path: '/api/checkouts',
      method: 'post',
      async send(body: any) {
        const response = await t.request('POST', '/api/checkouts', { token: t.merchant(), body });
        // A refused create has no checkout to read back: it must not name one.
        return {
          response,
          stored: () => Promise.resolve(response.json()),
          unchanged: () => Promise.resolve(response.headers.location === undefined),
        };
      },
      base: () => ({
        shopperId: uniqueShopper('text'),
        currency: 'USD',
        lineItems: [{ productId: 'sku-1', name: 'Beans', quantity: 1, unitPrice: 1 }],
      }),
    },
    {
      name: 'update contact',
      path: CONTACT,
      method: 'post',
      base: () => aContactBody('(set per request)'),
      async send(body: any) {
        const shopper = uniqueShopper('text');
        const { id } = await t.createCheckout(shopper);
        const token = t.shopper(shopper);
        const response = await t.request('POST', CONTACT, {
          token,
          body: { ...body, sessionId: id },
        });
        const read = async () =>
          (await t.request('GET', `/api/storefront/checkouts/${id}`, { token })).json();
        return { response, stored: read, unchanged: async () => (await read()).version === 1 };
      },
    },
    {
      name: 'add billing address',
      path: '/api/storefront/checkouts/{checkoutId}/billing-address',
      method: 'post',
      base: () =>
        anAddressBody({
          email: 'jane@example.com',
          customFields: [{ fieldId: 'note', fieldValue: 'Ring twice' }],
        }),
      async send(body: any) {
        const shopper = uniqueShopper('text');
        const { id } = await t.createCheckout(shopper);
        const token = t.shopper(shopper);
        const response = await t.request('POST', billingPath(id), { token, body });
        const read = async () =>
          (await t.request('GET', `/api/storefront/checkouts/${id}`, { token })).json();
        return { response, stored: read, unchanged: async () => (await read()).version === 1 };
      },
    },
  ];

  const cases = () =>
    writes.flatMap((write) => {
      const operation = document.paths[write.path][write.method];
      const schema = operation.requestBody.content['application/json'].schema;
      return textFields(document, schema).map((field) => ({ write, field }));
    });

  it('finds the text fields of every write in the document', () => {
    const found = cases().map(({ write, field }) => `${write.name}: ${field.path}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'create checkout: shopperId',
        'create checkout: lineItems[0].name',
        'update contact: firstName',
        'update contact: postCode',
        'add billing address: address2',
        'add billing address: postalCode',
        'add billing address: customFields[0].fieldValue',
      ]),
    );
    console.log(`text fields under test: ${found.length}`);
  });

  it('stores text of exactly maxLength characters of any kind, and reads it back unchanged', async () => {
    for (const { write, field } of cases()) {
      const value = hardText(field.maxLength);
      const { response, stored } = await write.send(withValue(write.base(), field.path, value));
      const where = `${write.name}: ${field.path}`;
      expect({ where, ok: [200, 201, 204].includes(response.statusCode) }).toEqual({
        where,
        ok: true,
      });
      expect(containsString(await stored(), value)).toBe(true);
    }
  });

  it('refuses one character more, half a surrogate pair, a C1 control, a stray line break: 400 naming the field, nothing stored', async () => {
    const seen: Record<string, number> = {};
    for (const { write, field } of cases()) {
      const bad = [
        ['too long', hardText(field.maxLength + 1)],
        ['lone high surrogate', 'Ren\ud83ce'],
        ['lone low surrogate', '\udf89Ren'],
        ['C1 control', 'Jos\u0081e'],
        ['NUL', 'a\u0000b'],
        ...(field.multiline ? [] : [['line break', 'first\nsecond']]),
      ] as const;
      for (const [kind, value] of bad) {
        const { response, unchanged } = await write.send(
          withValue(write.base(), field.path, value),
        );
        const where = `${write.name}: ${field.path} (${kind})`;
        expect({ where, status: response.statusCode }).toEqual({ where, status: 400 });
        expect({ where, fields: Object.keys(response.json().fields ?? {}) }).toEqual({
          where,
          fields: [field.path],
        });
        expect(await unchanged()).toBe(true);
        seen[kind] = (seen[kind] ?? 0) + 1;
      }
    }
    console.log(`refusals by kind: ${JSON.stringify(seen)}`);
  });

  it('refuses half a surrogate pair or a C1 control in an e-mail address', async () => {
    const write = writes.find((w) => w.name === 'add billing address')!;
    for (const email of [
      'jan\ud83ce@example.com',
      'ja\u0085ne@example.com',
      'jane@exam\nple.com',
    ]) {
      const { response, unchanged } = await write.send(anAddressBody({ email }));
      expect({ email, status: response.statusCode }).toEqual({ email, status: 400 });
      expect(Object.keys(response.json().fields)).toEqual(['email']);
      expect(await unchanged()).toBe(true);
    }
  });
});
