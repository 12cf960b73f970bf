import type { IncomingHttpHeaders } from 'node:http';
import type { ScenarioSlug } from './options';
import type { Scenario, Target } from './load';
import { BENCH_EMAIL, BILLING_ADDRESS, Seeded } from './seed';

const ETAG = /^(?:W\/)?"?(\d+)"?$/;

/** The service answers every command and GetCheckout with `ETag: "<version>"`. */
function versionFromEtag(_body: string, headers: IncomingHttpHeaders): number | undefined {
  const etag = headers.etag ?? (headers as Record<string, string | undefined>).ETag;
  const match = typeof etag === 'string' ? ETAG.exec(etag) : null;
  return match ? Number(match[1]) : undefined;
}

/** The raw ceiling answers `{"id","version"}`. */
function versionFromBody(body: string): number | undefined {
  try {
    const { version } = JSON.parse(body) as { version?: unknown };
    return typeof version === 'number' ? version : undefined;
  } catch {
    return undefined;
  }
}

const CONTACT = {
  firstName: 'Jane',
  lastName: 'Doe',
  email: BENCH_EMAIL,
  phone: '+1 512 555 0100',
  addressLine1: '1 Main Street',
  city: 'Austin',
  state: 'TX',
  postCode: '78701',
  country: 'US',
};

const body = (fields: object, target: Target, versioned: boolean): string =>
  JSON.stringify(versioned ? { ...fields, version: target.version } : fields);

export interface NamedScenario extends Scenario {
  slug: ScenarioSlug;
}

/** The service's scenarios, in run order. AddBillingAddress's two pools are used up in order. */
export function serviceScenarios(seeded: Seeded): NamedScenario[] {
  const updateContact = (versioned: boolean): NamedScenario => ({
    slug: versioned ? 'update-contact-versioned' : 'update-contact',
    name: versioned ? 'UpdateContact (version)' : 'UpdateContact',
    targets: seeded.main,
    pick: versioned ? 'slice' : 'random',
    request: (target) => ({
      method: 'POST',
      path: '/api/Checkout/sessions/me/contact',
      body: body({ sessionId: target.id, ...CONTACT }, target, versioned),
    }),
    versionOf: versionFromEtag,
  });
  const addBillingAddress = (versioned: boolean): NamedScenario => ({
    slug: versioned ? 'add-billing-address-versioned' : 'add-billing-address',
    name: versioned ? 'AddBillingAddress (version)' : 'AddBillingAddress',
    targets: seeded.fresh[versioned ? 1 : 0],
    pick: 'once',
    request: (target) => ({
      method: 'POST',
      path: `/api/storefront/checkouts/${target.id}/billing-address`,
      body: body(BILLING_ADDRESS, target, versioned),
    }),
    versionOf: versionFromEtag,
  });
  const updateBillingAddress = (versioned: boolean): NamedScenario => ({
    slug: versioned ? 'update-billing-address-versioned' : 'update-billing-address',
    name: versioned ? 'UpdateBillingAddress (version)' : 'UpdateBillingAddress',
    targets: seeded.addressed,
    pick: versioned ? 'slice' : 'random',
    request: (target) => ({
      method: 'PUT',
      path: `/api/storefront/checkouts/${target.id}/billing-address/${target.addressId}`,
      body: body(BILLING_ADDRESS, target, versioned),
    }),
    versionOf: versionFromEtag,
  });
  return [
    updateContact(false),
    updateContact(true),
    addBillingAddress(false),
    addBillingAddress(true),
    updateBillingAddress(false),
    updateBillingAddress(true),
    {
      slug: 'get-checkout',
      name: 'GetCheckout',
      targets: seeded.main,
      pick: 'random',
      request: (target) => ({ method: 'GET', path: `/api/storefront/checkouts/${target.id}` }),
    },
  ];
}

/** The raw ceiling, driven like the versioned commands: own slice per connection, no 409s. */
export function rawScenario(targets: Target[]): NamedScenario {
  return {
    slug: 'raw',
    name: 'raw ceiling',
    targets,
    pick: 'slice',
    request: (target) => ({
      method: 'POST',
      path: `/checkouts/${target.id}/billing-address`,
      body: JSON.stringify({ version: target.version, billingAddress: BILLING_ADDRESS }),
    }),
    versionOf: versionFromBody,
  };
}
