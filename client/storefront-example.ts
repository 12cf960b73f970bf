/**
 * How a storefront uses the generated types (the README's "Typed client" shows this file).
 * Type-checked with the rest of the repository, so it breaks when the API changes shape.
 */
import type { components, paths } from './checkout-api';

type Checkout = components['schemas']['CheckoutResponse'];
type BillingAddress = components['schemas']['BillingAddressRequest'];
type Problem = components['schemas']['ProblemDetails'];
type AddBillingAddress = paths['/api/storefront/checkouts/{checkoutId}/billing-address']['post'];

export async function addBillingAddress(
  baseUrl: string,
  token: string,
  checkoutId: AddBillingAddress['parameters']['path']['checkoutId'],
  address: BillingAddress,
): Promise<Checkout> {
  const response = await fetch(
    `${baseUrl}/api/storefront/checkouts/${checkoutId}/billing-address`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(address),
    },
  );
  if (!response.ok) {
    const problem = (await response.json()) as Problem;
    throw new Error(`${problem.status} ${problem.title}: ${problem.detail}`);
  }
  return (await response.json()) as Checkout;
}
