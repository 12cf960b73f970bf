import { DomainError } from '../../shared/domain/domain-error';

export class CheckoutNotFoundError extends DomainError {
  readonly code = 'CHECKOUT.NOT_FOUND';
  constructor(checkoutId: string) {
    super(`No checkout ${checkoutId} is visible to the caller.`);
  }
}

export class VersionConflictError extends DomainError {
  readonly code = 'CHECKOUT.VERSION_CONFLICT';
  override readonly extensions: { currentVersion: number };
  constructor(expected: number, current: number) {
    super(`The checkout is at version ${current}, not ${expected}. Reload it and retry.`);
    this.extensions = { currentVersion: current };
  }
}

export class CheckoutCompletedError extends DomainError {
  readonly code = 'CHECKOUT.COMPLETED';
  constructor(checkoutId: string) {
    super(`Checkout ${checkoutId} is completed: an order was placed, so it can no longer change.`);
  }
}

export class BillingAddressExistsError extends DomainError {
  readonly code = 'CHECKOUT.BILLING_ADDRESS_EXISTS';
  constructor(addressId: string) {
    super(`The checkout already has billing address ${addressId}; update it with PUT instead.`);
  }
}

export class BillingAddressNotFoundError extends DomainError {
  readonly code = 'CHECKOUT.BILLING_ADDRESS_NOT_FOUND';
  constructor() {
    // Not naming the id: it comes from the request path, and a detail never repeats what a
    // client sent.
    super("That addressId is not this checkout's billing address.");
  }
}

/** A field-level refusal, reported like a validation error on that field. */
export class CheckoutFieldError extends DomainError {
  readonly code = 'CHECKOUT.INVALID_FIELD';
  override readonly extensions: { fields: Record<string, string[]> };
  constructor(field: string, message: string) {
    super(`${field} ${message}`);
    this.extensions = { fields: { [field]: [`${field} ${message}`] } };
  }
}

export class CheckoutNotReadyError extends DomainError {
  readonly code = 'CHECKOUT.NOT_READY';
  constructor(missing: string) {
    super(`The checkout cannot be completed yet: ${missing}.`);
  }
}
