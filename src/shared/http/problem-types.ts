/**
 * The one table from error code to HTTP status and problem type. Domain errors carry the codes;
 * controllers declare the same statuses for Swagger.
 */
export interface ProblemType {
  readonly status: number;
  readonly type: string;
  readonly title: string;
}

const problemType = (status: number, slug: string, title: string): ProblemType => ({
  status,
  type: `urn:problem-type:checkout:${slug}`,
  title,
});

export const DOMAIN_PROBLEMS: Readonly<Record<string, ProblemType>> = {
  'CHECKOUT.NOT_FOUND': problemType(404, 'not-found', 'Checkout not found'),
  'CHECKOUT.VERSION_CONFLICT': problemType(409, 'version-conflict', 'Version conflict'),
  'CHECKOUT.COMPLETED': problemType(409, 'checkout-completed', 'Checkout completed'),
  'CHECKOUT.BILLING_ADDRESS_EXISTS': problemType(
    409,
    'billing-address-exists',
    'Billing address already exists',
  ),
  'CHECKOUT.BILLING_ADDRESS_NOT_FOUND': problemType(
    404,
    'billing-address-not-found',
    'Billing address not found',
  ),
  'CHECKOUT.INVALID_FIELD': problemType(400, 'validation-error', 'Validation failed'),
  'CHECKOUT.NOT_READY': problemType(409, 'checkout-not-ready', 'Checkout not ready'),
};

export const VALIDATION_PROBLEM = DOMAIN_PROBLEMS['CHECKOUT.INVALID_FIELD']!;
export const DATABASE_UNAVAILABLE = problemType(503, 'database-unavailable', 'Service unavailable');
export const SHUTTING_DOWN = problemType(503, 'shutting-down', 'Service unavailable');
