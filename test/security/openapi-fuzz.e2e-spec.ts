/**
 * Fuzzing from the OpenAPI document the service serves (`/docs-json`): for every operation,
 * fast-check generates requests from its schemas, valid and mutated (wrong types, missing and
 * extra fields, bad formats, other values entirely, odd content types, malformed JSON), with
 * owners', strangers' and bad tokens, If-Match and Idempotency-Key headers. Every answer must be
 * a status the document declares for that operation, with a body matching the declared schema
 * (problem details for errors), never a 5xx; and a checkout's version and outbox move exactly
 * once per 2xx command, never on a 4xx. FUZZ_RUNS (default 20,000) and FUZZ_SEED tune it.
 */
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { anAddressBody } from '../support/checkout-api';
import { arbitraryFor, mutatedBody, OpenApiDocument, Schema } from '../support/openapi-arbitraries';
import { StatusTally } from '../support/security';
import { TestApp, uniqueShopper } from '../support/test-app';
import { record } from '../reliability/support/report';

const RUNS = Number(process.env.FUZZ_RUNS ?? 20_000);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const POOL_SIZE = 12;
const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/problem+json',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'application/jsonx',
  '',
];

/** `arbitrary` once in `every` requests, otherwise undefined (the header is not sent). */
const sometimes = <T>(every: number, arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: every - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

interface Operation {
  id: string;
  method: string;
  path: string;
  operation: Schema;
  bodySchema?: Schema;
}

interface PoolCheckout {
  id: string;
  addressId: string;
  startVersion: number;
  successes: number;
}

interface FuzzRequest {
  operation: Operation;
  target: number;
  idForm: 'exact' | 'upper' | 'random' | 'junk';
  junk: string;
  addressForm: 'real' | 'random';
  caller: 'owner' | 'customer' | 'merchant' | 'stranger' | 'other-channel' | 'none' | 'garbage';
  body: { kind: 'valid' | 'mutated' | 'malformed' | 'none'; value: unknown };
  contentType: string | undefined;
  ifMatch: string | undefined;
  idempotencyKey: string | undefined;
}

describe('OpenAPI fuzzing', () => {
  let t: TestApp;
  let document: OpenApiDocument;
  let operations: Operation[];
  const pool: PoolCheckout[] = [];
  /** Completed checkouts leave the pool (every edit would be a 409) but are still verified. */
  const retired: PoolCheckout[] = [];
  const shopper = uniqueShopper('fuzz');
  const tally = new StatusTally();
  const byOperation = new Map<string, StatusTally>();
  const validators = new Map<Schema, ValidateFunction>();
  let ajv: Ajv;
  let injectMs = 0;

  beforeAll(async () => {
    t = await TestApp.startIsolated();
    document = (await t.request('GET', '/docs-json')).json();
    ajv = new Ajv({ strict: false, allErrors: false });
    addFormats(ajv);
    ajv.addSchema({ components: document.components }, 'openapi.json');
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        id: operation.operationId as string,
        method: method.toUpperCase(),
        path,
        operation,
        bodySchema: operation.requestBody?.content?.['application/json']?.schema,
      })),
    );
    for (let i = 0; i < POOL_SIZE; i += 1) await addToPool();
  });

  afterAll(async () => {
    const lines = [...byOperation]
      .map(([id, counts]) => `    ${id}: ${counts.toString()}`)
      .join('\n');
    record('security: OpenAPI fuzzing', {
      requests: tally.total,
      seed: SEED ?? 'random',
      statuses: tally.toString(),
      '5xx': tally.serverErrors,
    });
    console.log(
      `OpenAPI fuzzing: ${tally.total} requests (seed ${SEED ?? 'random'}), statuses ${tally.toString()}, 5xx: ${tally.serverErrors}, ${Math.round(injectMs)} ms in the service\n${lines}`,
    );
    await t.close();
  });

  async function addToPool(index = pool.length): Promise<void> {
    const { id } = await t.createCheckout(shopper);
    const added = await t.request('POST', `/api/storefront/checkouts/${id}/billing-address`, {
      token: t.shopper(shopper),
      body: anAddressBody(),
    });
    const checkout = added.json();
    pool[index] = {
      id,
      addressId: checkout.billingAddress.id,
      startVersion: checkout.version,
      successes: 0,
    };
  }

  /** Validator of a schema in the document, `$ref`s resolved against its components. */
  function validatorFor(schema: Schema): ValidateFunction {
    let validate = validators.get(schema);
    if (!validate) {
      const rewritten = JSON.parse(
        JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/'),
      );
      validate = ajv.compile(rewritten);
      validators.set(schema, validate);
    }
    return validate;
  }

  const tokens = () => ({
    owner: t.shopper(shopper),
    customer: t.shopper(shopper, 'customer'),
    merchant: t.merchant(1),
    stranger: t.shopper(uniqueShopper('stranger')),
    'other-channel': t.merchant(2),
    none: undefined,
    garbage: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
  });
  let tokenCache: ReturnType<typeof tokens> | undefined;

  const requestArbitrary = (): fc.Arbitrary<FuzzRequest> =>
    fc.constantFrom(...operations).chain((operation) => {
      const valid = operation.bodySchema
        ? arbitraryFor(document, operation.bodySchema)
        : fc.constant(undefined);
      const mutated = operation.bodySchema
        ? mutatedBody(document, operation.bodySchema)
        : fc.jsonValue({ maxDepth: 2 });
      return fc.record({
        operation: fc.constant(operation),
        target: fc.nat({ max: POOL_SIZE - 1 }),
        idForm: fc.constantFrom('exact', 'exact', 'exact', 'upper', 'random', 'junk'),
        // Not "." or "..": the URL would lose that segment before routing.
        junk: fc.string({ minLength: 1, maxLength: 40 }).filter((junk) => !/^\.{1,2}$/.test(junk)),
        addressForm: fc.constantFrom('real', 'real', 'random'),
        caller: fc.constantFrom(
          'owner',
          'owner',
          'owner',
          'customer',
          'merchant',
          'stranger',
          'other-channel',
          'none',
          'garbage',
        ),
        body: fc.oneof(
          { weight: 3, arbitrary: valid.map((value) => ({ kind: 'valid' as const, value })) },
          { weight: 5, arbitrary: mutated.map((value) => ({ kind: 'mutated' as const, value })) },
          {
            weight: 1,
            arbitrary: fc
              .string({ maxLength: 30 })
              .map((value) => ({ kind: 'malformed' as const, value: `{"x":${value}` })),
          },
          { weight: 1, arbitrary: fc.constant({ kind: 'none' as const, value: undefined }) },
        ),
        contentType: sometimes(12, fc.constantFrom(...CONTENT_TYPES)),
        ifMatch: sometimes(
          5,
          fc.oneof(
            fc.nat({ max: 12 }).map((v) => `"${v}"`),
            fc.constantFrom('*', 'W/"1"', 'junk', '""'),
          ),
        ),
        idempotencyKey: sometimes(
          10,
          fc.oneof(
            fc.constantFrom('k-1', 'k-2', 'k-3'),
            fc.string({ minLength: 0, maxLength: 300 }),
          ),
        ),
      });
    });

  /** Fills path parameters and, for the contact operation, the body's sessionId with the target. */
  function build(request: FuzzRequest): {
    url: string;
    path: string;
    checkout?: PoolCheckout;
    body: unknown;
  } {
    const checkout = pool[request.target]!;
    const id =
      request.idForm === 'exact'
        ? checkout.id
        : request.idForm === 'upper'
          ? checkout.id.toUpperCase()
          : request.idForm === 'random'
            ? crypto.randomUUID()
            : request.junk;
    const addressId = request.addressForm === 'real' ? checkout.addressId : request.junk;
    const path = request.operation.path
      .replace('{checkoutId}', encodeURIComponent(id))
      .replace('{addressId}', encodeURIComponent(addressId));
    let body = request.body.value;
    if (
      request.operation.id === 'UpdateContactController_update' &&
      body &&
      typeof body === 'object' &&
      !Array.isArray(body) &&
      'sessionId' in body
    ) {
      body = { ...body, sessionId: id };
    }
    const named =
      request.operation.path.includes('{checkoutId}') ||
      request.operation.id === 'UpdateContactController_update';
    return {
      url: path,
      path,
      checkout:
        named && request.idForm !== 'random' && request.idForm !== 'junk' ? checkout : undefined,
      body,
    };
  }

  function check(
    request: FuzzRequest,
    status: number,
    headers: Record<string, unknown>,
    text: string,
    path: string,
  ): void {
    const { operation } = request;
    const where = `${operation.method} ${operation.path} → ${status} ${text.slice(0, 300)}`;
    if (status >= 500) throw new Error(`5xx: ${where}`);
    const declared = operation.operation.responses[String(status)];
    // 404 for a path that no longer matches the route (an empty or odd segment) is the router's.
    if (
      !declared &&
      !(
        status === 404 &&
        !operation.operation.responses['404'] &&
        text.includes('Nothing is served at this path.')
      )
    ) {
      throw new Error(`undeclared status: ${where}`);
    }
    if (status === 204 || !declared?.content) {
      if (text !== '' && status < 400) throw new Error(`unexpected body: ${where}`);
      return;
    }
    const [mediaType, { schema }] = Object.entries(
      declared.content as Record<string, { schema: Schema }>,
    )[0]!;
    const contentType = typeof headers['content-type'] === 'string' ? headers['content-type'] : '';
    if (!contentType.startsWith(mediaType))
      throw new Error(`content type ${contentType}, declared ${mediaType}: ${where}`);
    const body = JSON.parse(text) as { status?: unknown; instance?: unknown };
    const validate = validatorFor(schema);
    if (!validate(body))
      throw new Error(
        `body does not match the schema (${ajv.errorsText(validate.errors)}): ${where}`,
      );
    if (status >= 400 && (body.status !== status || body.instance !== path.split('?')[0])) {
      throw new Error(`problem status/instance mismatch: ${where}`);
    }
  }

  it(`${RUNS} generated requests: declared statuses and schemas, 0 5xx, state moves only on 2xx`, async () => {
    const versionsInOutbox = async (checkouts: PoolCheckout[]): Promise<number> => {
      const [{ n }] = await t.dataSource.query(
        'SELECT count(DISTINCT (aggregate_id, aggregate_version))::int AS n FROM outbox WHERE aggregate_id = ANY($1)',
        [checkouts.map((c) => c.id)],
      );
      return n as number;
    };
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(requestArbitrary(), async (request) => {
        runs += 1;
        if (runs % 2000 === 0) tokenCache = undefined;
        tokenCache ??= tokens();
        const { url, path, checkout, body } = build(request);
        const headers: Record<string, string> = {};
        const token = tokenCache[request.caller];
        if (token) headers.authorization = `Bearer ${token}`;
        if (request.ifMatch !== undefined) headers['if-match'] = request.ifMatch;
        if (request.idempotencyKey !== undefined)
          headers['idempotency-key'] = request.idempotencyKey;
        let payload: string | undefined;
        if (request.body.kind === 'malformed') payload = String(request.body.value);
        else if (request.body.kind !== 'none' && request.operation.method !== 'GET')
          payload = JSON.stringify(body ?? null);
        if (payload !== undefined)
          headers['content-type'] = request.contentType ?? 'application/json';
        const started = performance.now();
        const response = await t.app.inject({
          method: request.operation.method as 'GET',
          url,
          headers,
          payload,
        });
        injectMs += performance.now() - started;
        tally.add(response.statusCode);
        const counts = byOperation.get(request.operation.id) ?? new StatusTally();
        byOperation.set(request.operation.id, counts);
        counts.add(response.statusCode);
        check(request, response.statusCode, response.headers, response.body, path);
        const mutates =
          request.operation.method !== 'GET' &&
          request.operation.id !== 'CreateCheckoutController_create';
        if (
          mutates &&
          checkout &&
          response.statusCode < 300 &&
          response.headers['idempotent-replayed'] !== 'true'
        ) {
          checkout.successes += 1;
          if (request.operation.id === 'CompleteCheckoutController_complete') {
            retired.push(checkout);
            await addToPool(request.target);
          }
        }
      }),
      { numRuns: RUNS, seed: SEED, interruptAfterTimeLimit: 300_000, markInterruptAsFailure: true },
    );

    // Every 2xx command moved its checkout by exactly one version with events; nothing else did.
    const fuzzed = [...pool, ...retired];
    for (const checkout of fuzzed) {
      const [row] = await t.dataSource.query('SELECT version FROM checkouts WHERE id = $1', [
        checkout.id,
      ]);
      expect({ id: checkout.id, version: row.version }).toEqual({
        id: checkout.id,
        version: checkout.startVersion + checkout.successes,
      });
    }
    // Versions 1..startVersion came from setting the pool up; every later one from a 2xx.
    expect(await versionsInOutbox(fuzzed)).toBe(
      fuzzed.reduce((sum, c) => sum + c.startVersion + c.successes, 0),
    );
    console.log(
      `OpenAPI fuzzing: ${fuzzed.length} checkouts fuzzed, ${fuzzed.reduce((sum, c) => sum + c.successes, 0)} accepted commands, ${retired.length} completed`,
    );
    expect(tally.serverErrors).toBe(0);
    expect(tally.total).toBeGreaterThanOrEqual(RUNS);
  }, 300_000);

  it('refuses a custom field without fieldValue (found by this fuzzer: it came back without one)', async () => {
    const checkout = pool[0]!;
    const response = await t.request(
      'PUT',
      `/api/storefront/checkouts/${checkout.id}/billing-address/${checkout.addressId}`,
      {
        token: t.shopper(shopper),
        body: anAddressBody({ customFields: [{ fieldId: 'gift-note' }] }),
      },
    );
    expect(response.statusCode).toBe(400);
    expect(Object.keys(response.json().fields)).toEqual(['customFields[0].fieldValue']);
    const empty = await t.request(
      'PUT',
      `/api/storefront/checkouts/${checkout.id}/billing-address/${checkout.addressId}`,
      {
        token: t.shopper(shopper),
        body: anAddressBody({ customFields: [{ fieldId: 'gift-note', fieldValue: '' }] }),
      },
    );
    expect(empty.statusCode).toBe(200);
    checkout.successes += 1;
  });
});
