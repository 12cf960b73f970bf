/**
 * OWASP API1 (broken object-level authorization): for every endpoint that names a checkout, every
 * caller that may not see it (another shopper of any role, the merchant of another channel) gets
 * a 404 indistinguishable from a checkout that does not exist, and nothing changes. 1,000 random
 * ids (any UUID version, any letter case) answer the same 404 on every endpoint.
 */
import { Role } from '../../src/shared/domain/viewer';
import { ProblemDetails } from '../../src/shared/http/problem-details';
import { expectProblem } from '../support/checkout-api';
import {
  call,
  CHECKOUT_ENDPOINTS,
  databaseFingerprint,
  Endpoint,
  randomUuid,
  StatusTally,
  Target,
} from '../support/security';
import { Response, TestApp, uniqueShopper } from '../support/test-app';
import { record } from '../reliability/support/report';

const RANDOM_IDS = Number(process.env.SECURITY_RANDOM_IDS ?? 1000);

interface Caller {
  name: string;
  token: string;
}

/** A deterministic generator, so a failure names an id that reproduces. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe('object-level authorization: a checkout the caller may not see is "not found"', () => {
  let t: TestApp;
  /** Two checkouts: channel 1 of shopper A, channel 2 of shopper B. */
  const checkouts: (Target & { shopper: string; channelId: number })[] = [];
  let owner: (index: number) => string;
  const tally = new StatusTally();

  beforeAll(async () => {
    t = await TestApp.startIsolated();
    for (const channelId of [1, 2]) {
      const shopper = uniqueShopper(`bola-${channelId}`);
      const { id } = await t.createCheckout(shopper, { channelId });
      // The address is added by the owner's merchant, so the checkout lives in its channel.
      const added = await t.request('POST', `/api/storefront/checkouts/${id}/billing-address`, {
        token: t.merchant(channelId),
        body: { countryCode: 'US', firstName: 'Jane', email: 'jane@example.com' },
      });
      expect(added.statusCode).toBe(200);
      checkouts.push({ id, addressId: added.json().billingAddress.id, shopper, channelId });
    }
    owner = (index) => t.shopper(checkouts[index]!.shopper);
  });
  afterAll(async () => {
    record('security: object-level authorization', {
      requests: tally.total,
      statuses: tally.toString(),
      '5xx': tally.serverErrors,
    });
    console.log(
      `object-level authorization: ${tally.total} requests, statuses ${tally.toString()}, 5xx: ${tally.serverErrors}`,
    );
    await t.close();
  });

  /** Everyone who may NOT see checkout `index`, over every role and channel. */
  function strangers(index: number): Caller[] {
    const { shopper, channelId } = checkouts[index]!;
    const other = checkouts[1 - index]!;
    const shopperRoles: Exclude<Role, 'merchant'>[] = ['guest', 'customer'];
    return [
      ...shopperRoles.map((role) => ({
        name: `${role} of the other checkout`,
        token: t.shopper(other.shopper, role),
      })),
      ...shopperRoles.map((role) => ({
        name: `${role} stranger`,
        token: t.shopper(uniqueShopper('stranger'), role),
      })),
      // The owner's id with a differently cased sub is another shopper.
      ...shopperRoles.map((role) => ({
        name: `${role} with the owner's sub upper-cased`,
        token: t.shopper(shopper.toUpperCase(), role),
      })),
      { name: 'merchant of the other channel', token: t.merchant(other.channelId) },
      { name: 'merchant of an unused channel', token: t.merchant(99, `store-${channelId}`) },
      // A merchant whose sub is the shopper's: merchants are scoped by channel, not sub.
      {
        name: 'merchant of another channel named like the owner',
        token: t.token({ role: 'merchant', sub: shopper, channelId: 3 }),
      },
    ];
  }

  /** The 404 of an id that exists nowhere, for comparison. */
  const notFoundShape = (response: Response, id: string): Omit<ProblemDetails, 'instance'> => {
    const problem = expectProblem(response, 404);
    expect(problem.detail).toBe(`No checkout ${id.toLowerCase()} is visible to the caller.`);
    const shape: Partial<ProblemDetails> = {
      ...problem,
      detail: problem.detail.replace(id.toLowerCase(), '<id>'),
    };
    delete shape.instance;
    return shape as Omit<ProblemDetails, 'instance'>;
  };

  let missingShape: Omit<ProblemDetails, 'instance'> | undefined;
  async function expectNotFound(endpoint: Endpoint, target: Target, caller: Caller): Promise<void> {
    const response = await call(t, endpoint, target, caller.token);
    tally.add(response.statusCode);
    const shape = notFoundShape(response, target.id);
    missingShape ??= shape;
    expect({ endpoint: endpoint.name, caller: caller.name, shape }).toEqual({
      endpoint: endpoint.name,
      caller: caller.name,
      shape: missingShape,
    });
    expect(Object.keys(response.headers)).not.toContain('etag');
  }

  it('every endpoint, every stranger, both channels: 404 like a missing checkout, nothing changes', async () => {
    const before = await databaseFingerprint(t);
    for (const [index, checkout] of checkouts.entries()) {
      for (const endpoint of CHECKOUT_ENDPOINTS) {
        for (const caller of strangers(index)) {
          await expectNotFound(endpoint, checkout, caller);
          // The same checkout named in upper case is the same secret.
          await expectNotFound(endpoint, { ...checkout, id: checkout.id.toUpperCase() }, caller);
        }
      }
    }
    expect(await databaseFingerprint(t)).toEqual(before);
    // And they are really there for those who may see them.
    for (const [index, checkout] of checkouts.entries()) {
      for (const token of [
        owner(index),
        t.shopper(checkout.shopper, 'customer'),
        t.merchant(checkout.channelId),
      ]) {
        const response = await t.request(
          'GET',
          `/api/storefront/checkouts/${checkout.id.toUpperCase()}`,
          { token },
        );
        expect(response.statusCode).toBe(200);
        expect(response.json().version).toBe(2);
      }
    }
  });

  it(`${RANDOM_IDS} random ids × every endpoint × every role: the same 404, nothing changes`, async () => {
    const before = await databaseFingerprint(t);
    const random = mulberry32(Number(process.env.SECURITY_SEED ?? 20261123));
    const callers: Caller[] = [
      { name: 'guest', token: owner(0) },
      { name: 'customer', token: t.shopper(checkouts[0]!.shopper, 'customer') },
      { name: 'merchant', token: t.merchant(1) },
      { name: 'merchant of channel 2', token: t.merchant(2) },
    ];
    for (let i = 0; i < RANDOM_IDS; i += 1) {
      const id = randomUuid(random);
      const target = { id, addressId: checkouts[0]!.addressId };
      for (const [e, endpoint] of CHECKOUT_ENDPOINTS.entries()) {
        await expectNotFound(endpoint, target, callers[(i + e) % callers.length]!);
      }
    }
    expect(await databaseFingerprint(t)).toEqual(before);
    // 5,000 requests: about 30 s alone, longer while other test files share the two cores.
  }, 300_000);
});
