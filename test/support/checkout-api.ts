import { CheckoutResponse } from '../../src/checkout/http/checkout.response';
import { ProblemDetails } from '../../src/shared/http/problem-details';
import { Response, TestApp } from './test-app';

/** Paths and expectations shared by the checkout e2e tests. */

export const CONTACT = '/api/Checkout/sessions/me/contact';
export const checkoutPath = (id: string): string => `/api/storefront/checkouts/${id}`;
export const billingPath = (id: string, addressId?: string): string =>
  `${checkoutPath(id)}/billing-address${addressId === undefined ? '' : `/${addressId}`}`;
export const ordersPath = (id: string): string => `${checkoutPath(id)}/orders`;

export const aContactBody = (sessionId: string, overrides: Record<string, unknown> = {}) => ({
  sessionId,
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'jane.doe@example.com',
  ...overrides,
});

export const anAddressBody = (overrides: Record<string, unknown> = {}) => ({
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'jane.doe@example.com',
  address1: '123 Main Street',
  city: 'Austin',
  stateOrProvince: 'Texas',
  stateOrProvinceCode: 'TX',
  country: 'United States',
  countryCode: 'US',
  postalCode: '78701',
  ...overrides,
});

/** Asserts an RFC 9457 problem with `status` for `instance`, and returns its body. */
export function expectProblem(
  response: Response,
  status: number,
  instance?: string,
): ProblemDetails {
  expect({ status: response.statusCode, body: response.body }).toMatchObject({ status });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json<ProblemDetails>();
  expect(problem).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
    instance: instance ?? expect.any(String),
  });
  // BigCommerce's checkout SDK takes a problem with `errors` for its internal format and fails on it.
  expect(problem).not.toHaveProperty('errors');
  expect(response.body).not.toMatch(/\bat .*\.(ts|js):\d+|SELECT |INSERT |UPDATE /);
  return problem;
}

/** A 400 whose `fields` are exactly `fields`, each named in its `detail`. */
export function expectValidationErrors(response: Response, fields: string[]): ProblemDetails {
  const problem = expectProblem(response, 400);
  expect(Object.keys(problem.fields ?? {}).sort()).toEqual([...fields].sort());
  for (const field of fields) expect(problem.detail).toContain(field);
  return problem;
}

/** The outbox of a checkout as [type, version] pairs, in commit order. */
export async function outboxSummary(t: TestApp, checkoutId: string): Promise<[string, number][]> {
  return (await t.outbox(checkoutId)).map((row) => [row.type, row.aggregate_version]);
}

/** The outbox rows of one event type, with `data` typed as that event's payload. */
export async function outboxEvents<T>(
  t: TestApp,
  checkoutId: string,
  type: string,
): Promise<{ version: number; data: T }[]> {
  return (await t.outbox(checkoutId))
    .filter((row) => row.type === type)
    .map((row) => ({ version: row.aggregate_version, data: row.payload as T }));
}

/** A checkout with a billing address, as its owner (guest) sees it. */
export async function checkoutWithAddress(
  t: TestApp,
  shopper: string,
): Promise<{ id: string; addressId: string; token: string }> {
  const { id } = await t.createCheckout(shopper);
  const token = t.shopper(shopper);
  const response = await t.request('POST', billingPath(id), { token, body: anAddressBody() });
  if (response.statusCode !== 200) throw new Error(`add address failed: ${response.body}`);
  return { id, addressId: response.json<CheckoutResponse>().billingAddress!.id, token };
}
