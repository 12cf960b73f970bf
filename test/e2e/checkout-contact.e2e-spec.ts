import { AbandonedCartCandidateData } from '../../src/checkout/domain/checkout.events';
import { CheckoutResponse } from '../../src/checkout/http/checkout.response';
import {
  aContactBody,
  checkoutPath,
  checkoutWithAddress,
  CONTACT,
  expectProblem,
  expectValidationErrors,
  ordersPath,
  outboxEvents,
  outboxSummary,
} from '../support/checkout-api';
import { TestApp, uniqueShopper } from '../support/test-app';

describe('checkout API: POST /api/Checkout/sessions/me/contact', () => {
  let t: TestApp;
  let shopper: string;
  let token: string;
  let checkout: CheckoutResponse;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    shopper = uniqueShopper();
    token = t.shopper(shopper);
    checkout = await t.createCheckout(shopper);
  });

  const post = (body: unknown, headers?: Record<string, string>) =>
    t.request('POST', CONTACT, { token, body, headers });
  const read = async () =>
    (
      await t.request('GET', checkoutPath(checkout.id), { token: t.merchant() })
    ).json<CheckoutResponse>();

  it('204 with no body and ETag "<version>"; the checkout shows the contact at version 2', async () => {
    const contact = {
      firstName: 'Jane',
      lastName: 'Doe',
      email: 'jane.doe@example.com',
      phone: '+1 512 555 0100',
      addressLine1: '123 Main Street',
      addressLine2: 'Suite 400',
      city: 'Austin',
      state: 'TX',
      postCode: '78701',
      country: 'US',
    };
    const body = { sessionId: checkout.id, ...contact };
    const response = await post(body);

    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(response.headers['content-type']).toBeUndefined();
    expect(response.headers.etag).toBe('"2"');
    const current = await read();
    expect(current).toMatchObject({ version: 2, contact });
    expect(current.customer).toMatchObject({
      email: 'jane.doe@example.com',
      firstName: 'Jane',
      lastName: 'Doe',
      fullName: 'Jane Doe',
    });
  });

  it('stores what was sent, spaces included', async () => {
    await post(aContactBody(checkout.id, { firstName: 'Jane ', city: ' Austin ' }));
    expect((await read()).contact).toMatchObject({ firstName: 'Jane ', city: ' Austin ' });
  });

  it('records ContactUpdated and AbandonedCartCandidate with exactly the contract data', async () => {
    await post(aContactBody(checkout.id));

    expect(await outboxSummary(t, checkout.id)).toEqual([
      ['checkout.CheckoutCreated', 1],
      ['checkout.ContactUpdated', 2],
      ['checkout.AbandonedCartCandidate', 2],
    ]);
    const [, updated, candidate] = await t.outbox(checkout.id);
    expect(updated!.payload).toEqual({
      checkoutId: checkout.id,
      contact: { firstName: 'Jane', lastName: 'Doe', email: 'jane.doe@example.com' },
    });
    expect(candidate!.payload).toEqual({
      checkoutId: checkout.id,
      shopperId: shopper,
      channelId: 1,
      email: 'jane.doe@example.com',
      firstName: 'Jane',
      lastName: 'Doe',
      cartAmount: 49,
      currency: 'USD',
      trigger: 'UpdateContact',
    });
  });

  it('announces the same email once per window (case-insensitively) and at most 3 emails', async () => {
    for (const email of [
      'a@example.com',
      'A@Example.com',
      'b@example.com',
      'c@example.com',
      'd@example.com',
    ]) {
      expect((await post(aContactBody(checkout.id, { email }))).statusCode).toBe(204);
    }
    expect(await outboxEvents(t, checkout.id, 'checkout.ContactUpdated')).toHaveLength(5);
    const candidates = await outboxEvents<AbandonedCartCandidateData>(
      t,
      checkout.id,
      'checkout.AbandonedCartCandidate',
    );
    expect(candidates.map(({ data, version }) => [data.email, version])).toEqual([
      ['a@example.com', 2],
      ['b@example.com', 4],
      ['c@example.com', 5],
    ]);
  });

  it('lets the merchant of the channel and a customer owner update it', async () => {
    expect(
      (await t.request('POST', CONTACT, { token: t.merchant(), body: aContactBody(checkout.id) }))
        .statusCode,
    ).toBe(204);
    const customer = t.shopper(shopper, 'customer');
    const response = await t.request('POST', CONTACT, {
      token: customer,
      body: aContactBody(checkout.id),
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers.etag).toBe('"3"');
  });

  it('accepts the session id in upper case', async () => {
    const response = await post(aContactBody(checkout.id.toUpperCase()));
    expect(response.statusCode).toBe(204);
    expect((await read()).version).toBe(2);
  });

  it("accepts the source API's own example id 2489E9AD-2EE2-8E00-8EC9-32D5F69181C0 (then: no such session)", async () => {
    const response = await post(aContactBody('2489E9AD-2EE2-8E00-8EC9-32D5F69181C0'));
    expectProblem(response, 404, CONTACT);
  });

  describe('validation: 400 with errors by field, nothing changed', () => {
    it.each<[string, Record<string, unknown>, string[]]>([
      ['unknown field', { middleName: 'Q' }, ['middleName']],
      ['sessionId missing', { sessionId: undefined }, ['sessionId']],
      ['sessionId not a UUID', { sessionId: 'abc' }, ['sessionId']],
      [
        'sessionId UUID without dashes',
        { sessionId: '2489e9ad2ee28e008ec932d5f69181c0' },
        ['sessionId'],
      ],
      ['firstName missing', { firstName: undefined }, ['firstName']],
      ['firstName empty', { firstName: '' }, ['firstName']],
      ['firstName over 255', { firstName: 'x'.repeat(256) }, ['firstName']],
      ['lastName missing', { lastName: undefined }, ['lastName']],
      ['lastName not a string', { lastName: 7 }, ['lastName']],
      ['email missing', { email: undefined }, ['email']],
      ['email not an address', { email: 'jane.doe' }, ['email']],
      [
        'email over 320',
        { email: `${'a'.repeat(64)}@${'b'.repeat(60)}.${'c'.repeat(200)}.com` },
        ['email'],
      ],
      ['phone over 50', { phone: '1'.repeat(51) }, ['phone']],
      ['addressLine1 over 255', { addressLine1: 'x'.repeat(256) }, ['addressLine1']],
      ['addressLine2 over 255', { addressLine2: 'x'.repeat(256) }, ['addressLine2']],
      ['city over 255', { city: 'x'.repeat(256) }, ['city']],
      ['state over 255', { state: 'x'.repeat(256) }, ['state']],
      ['postCode over 30', { postCode: '1'.repeat(31) }, ['postCode']],
      ['country over 255', { country: 'x'.repeat(256) }, ['country']],
      ['a control character', { city: 'Aus\u0000tin' }, ['city']],
      ['version 0', { version: 0 }, ['version']],
      ['version negative', { version: -1 }, ['version']],
      ['version fractional', { version: 1.5 }, ['version']],
      ['version as a string', { version: '1' }, ['version']],
      [
        'several at once',
        { firstName: '', email: 'nope', extra: 1 },
        ['firstName', 'email', 'extra'],
      ],
    ])('%s', async (_case, overrides, fields) => {
      expectValidationErrors(await post(aContactBody(checkout.id, overrides)), fields);
      expect((await read()).version).toBe(1);
      expect(await outboxSummary(t, checkout.id)).toEqual([['checkout.CheckoutCreated', 1]]);
    });

    it('accepts the longest allowed values', async () => {
      const response = await post(
        aContactBody(checkout.id, {
          firstName: 'x'.repeat(255),
          phone: '1'.repeat(50),
          postCode: '1'.repeat(30),
        }),
      );
      expect(response.statusCode).toBe(204);
      expect((await read()).contact!.firstName).toHaveLength(255);
    });
  });

  describe('versions', () => {
    it('applies a change that names the current version, in the body or in If-Match', async () => {
      expect((await post(aContactBody(checkout.id, { version: 1 }))).statusCode).toBe(204);
      const viaHeader = await post(aContactBody(checkout.id), { 'if-match': '"2"' });
      expect(viaHeader.statusCode).toBe(204);
      expect(viaHeader.headers.etag).toBe('"3"');
      const both = await post(aContactBody(checkout.id, { version: 3 }), { 'if-match': 'W/"3"' });
      expect(both.statusCode).toBe(204);
      expect((await read()).version).toBe(4);
    });

    it.each<[string, Record<string, unknown>, Record<string, string>]>([
      ['in the body', { version: 1 }, {}],
      ['in If-Match', {}, { 'if-match': '"1"' }],
    ])(
      '409 with currentVersion for a stale version %s; nothing changed, no events',
      async (_where, extra, headers) => {
        await post(aContactBody(checkout.id));
        const outboxBefore = await outboxSummary(t, checkout.id);

        const response = await post(
          aContactBody(checkout.id, { firstName: 'Stale', ...extra }),
          headers,
        );

        const problem = expectProblem(response, 409, CONTACT);
        expect(problem.currentVersion).toBe(2);
        const current = await read();
        expect(current.version).toBe(2);
        expect(current.contact!.firstName).toBe('Jane');
        expect(await outboxSummary(t, checkout.id)).toEqual(outboxBefore);
      },
    );

    it('treats If-Match: * as "any version"', async () => {
      await post(aContactBody(checkout.id));
      const response = await post(aContactBody(checkout.id), { 'if-match': '*' });
      expect(response.statusCode).toBe(204);
      expect(response.headers.etag).toBe('"3"');
    });

    it('400 when If-Match is not a version, or disagrees with the body', async () => {
      expectValidationErrors(await post(aContactBody(checkout.id), { 'if-match': '"abc"' }), [
        'If-Match',
      ]);
      expectValidationErrors(
        await post(aContactBody(checkout.id, { version: 1 }), { 'if-match': '"2"' }),
        ['version'],
      );
      expect((await read()).version).toBe(1);
    });
  });

  it('404 for a session of another shopper, like a missing one', async () => {
    const other = await t.request('POST', CONTACT, {
      token: t.shopper(uniqueShopper()),
      body: aContactBody(checkout.id),
    });
    const missing = await post(aContactBody(crypto.randomUUID()));
    const hidden = expectProblem(other, 404, CONTACT);
    const absent = expectProblem(missing, 404, CONTACT);
    expect({ ...hidden, detail: undefined }).toEqual({ ...absent, detail: undefined });
    expect((await read()).version).toBe(1);
  });

  it('409 once the checkout is completed; nothing changed', async () => {
    const completed = await checkoutWithAddress(t, shopper);
    expect((await t.request('POST', ordersPath(completed.id), { token })).statusCode).toBe(200);
    const outboxBefore = await outboxSummary(t, completed.id);

    const response = await post(aContactBody(completed.id));

    expectProblem(response, 409, CONTACT);
    expect(await outboxSummary(t, completed.id)).toEqual(outboxBefore);
  });
});
