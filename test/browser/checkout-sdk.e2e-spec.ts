/**
 * BigCommerce's own checkout SDK (`@bigcommerce/checkout-sdk`, the published package, unmodified)
 * driving the service from a storefront page in Chromium, the way a storefront would ship it: the
 * page is served by the storefront's origin (www.shop.test), the service answers on another
 * (checkout.shop.test), and the shopper's token travels only as the HttpOnly cookie the
 * storefront's server set on their shared parent domain. Nothing rewrites the SDK's requests.
 * Drives Debian's Chromium (`apt-get install -y chromium`) through playwright-core; skipped, saying
 * so, where it is missing. Screenshots of the page's SDK state go to test-artifacts/checkout-sdk/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { CheckoutService } from '@bigcommerce/checkout-sdk';
import { Browser, BrowserContext, chromium, Page, Request } from 'playwright-core';
import { signToken } from '../../src/shared/auth/token-signer';
import { outboxEvents } from '../support/checkout-api';
import { TestApp, uniqueShopper } from '../support/test-app';
import { bundleCheckoutSdk } from './storefront/checkout-sdk-bundle';
import { SdkError, SdkOutcome, SdkSnapshot, StorefrontGlobal } from './storefront/storefront-page';
import { Storefront } from './storefront/storefront-server';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve(__dirname, '../../test-artifacts/checkout-sdk');
/** Storefront and service are subdomains of one site: the cookie is first-party to both. */
const SHOP_DOMAIN = 'shop.test';
const COOKIE_NAME = 'checkout_token';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Real host names without a DNS server: cookies and CORS then see two origins of one site.
  `--host-resolver-rules=MAP *.${SHOP_DOMAIN} 127.0.0.1`,
];

const describeInChromium = existsSync(CHROMIUM) ? describe : describe.skip;
if (!existsSync(CHROMIUM)) {
  console.warn(
    `Skipping the checkout SDK browser test: ${CHROMIUM} not found (apt-get install -y chromium).`,
  );
}

type SdkMethod = Extract<keyof CheckoutService, string>;

/** One request the page made to the service, as the browser sent it. */
interface ServiceRequest {
  method: string;
  /** Path and query, without the origin. */
  path: string;
  /** The path with its ids named, and the names of its query parameters. */
  route: string;
  /** Which storefront tab sent it. */
  tab: string;
  /** The JSON body the SDK sent, if any. */
  sent?: unknown;
  status?: number;
  failure?: string;
  /** The body of an answer that was not a success, for the failure messages. */
  body?: string;
  authorization?: string;
  cookie?: string;
  /** Answered by the browser's HTTP cache: the service never saw it. */
  cached?: boolean;
}

/** One request as it reached the service's socket, before any of the service's code. */
interface ArrivedRequest {
  method: string;
  path: string;
  origin?: string;
  authorization?: string;
  cookie?: string;
}

const GUEST_EMAIL = 'jane.doe@example.com';
const ADDRESS = {
  firstName: 'Jane',
  lastName: 'Doe',
  address1: '123 Main Street',
  city: 'Austin',
  stateOrProvince: 'Texas',
  stateOrProvinceCode: 'TX',
  countryCode: 'US',
  postalCode: '78701',
  phone: '+1 512 555 0100',
};

describeInChromium(`The checkout SDK in Chromium, cookie-authenticated (needs ${CHROMIUM})`, () => {
  let t: TestApp;
  let storefront: Storefront;
  let storefrontOrigin: string;
  let serviceOrigin: string;
  let browser: Browser;
  let context: BrowserContext;
  let tab: Page;
  let shopper: string;
  let checkoutA: string;
  let checkoutB: string;
  const requests: ServiceRequest[] = [];
  const arrived: ArrivedRequest[] = [];
  const recording: Promise<void>[] = [];
  const byRequest = new Map<Request, ServiceRequest>();
  const tabNames = new Map<Page, string>();

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const sdkScript = await bundleCheckoutSdk();
    storefront = await Storefront.start({
      sdkScript,
      cookieName: COOKIE_NAME,
      cookieDomain: SHOP_DOMAIN,
    });
    storefrontOrigin = `http://www.${SHOP_DOMAIN}:${storefront.port}`;
    t = await TestApp.start({}, { AUTH_COOKIE_NAME: COOKIE_NAME, CORS_ORIGINS: storefrontOrigin });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const server = t.app.getHttpServer();
    server.prependListener('request', (request: IncomingMessage) => {
      const header = (name: string) => request.headers[name] as string | undefined;
      arrived.push({
        method: request.method ?? '',
        path: request.url ?? '',
        origin: header('origin'),
        authorization: header('authorization'),
        cookie: header('cookie'),
      });
    });
    const { port } = server.address() as AddressInfo;
    serviceOrigin = `http://checkout.${SHOP_DOMAIN}:${port}`;
    storefront.serviceOrigin = serviceOrigin;

    shopper = uniqueShopper('sdk');
    // What the storefront's backend does when the shopper starts checking out as a guest.
    storefront.token = signToken({ role: 'guest', sub: shopper }, t.config.jwt);
    checkoutA = (await t.createCheckout(shopper)).id;
    checkoutB = (await t.createCheckout(shopper)).id;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    context.on('request', (request) => {
      if (!request.url().startsWith(`${serviceOrigin}/`)) return;
      const entry: ServiceRequest = {
        method: request.method(),
        ...pathOf(request.url()),
        tab: tabNames.get(request.frame().page()) ?? '?',
        sent: request.postData() === null ? undefined : request.postDataJSON(),
      };
      requests.push(entry);
      byRequest.set(request, entry);
      recording.push(record(request, entry));
    });
    context.on('requestfailed', (request) => {
      const entry = byRequest.get(request);
      if (entry) entry.failure = request.failure()?.errorText ?? 'failed';
    });
    tab = await openStorefront();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await storefront?.close();
  });

  /** Reads what the browser really sent (cookies included) and what came back. */
  async function record(request: Request, entry: ServiceRequest): Promise<void> {
    const headers = await request.allHeaders();
    entry.authorization = headers.authorization;
    entry.cookie = headers.cookie;
    const response = await request.response();
    if (!response) return;
    entry.status = response.status();
    if (entry.status >= 300) entry.body = (await response.text().catch(() => '')).slice(0, 800);
  }

  async function settled(): Promise<void> {
    await Promise.all(recording);
  }

  async function openStorefront(): Promise<Page> {
    const page = await context.newPage();
    tabNames.set(page, `tab ${tabNames.size + 1}`);
    await page.goto(`${storefrontOrigin}/checkout`);
    await page.waitForFunction(() => 'storefront' in globalThis);
    return page;
  }

  /** Calls one method of the page's checkout service; screenshots the page's state afterwards. */
  async function sdk(
    page: Page,
    shot: string,
    method: SdkMethod,
    ...args: unknown[]
  ): Promise<SdkOutcome> {
    const step = `${shot}: ${method}(${args.map((arg) => JSON.stringify(arg)).join(', ')})`;
    const outcome = await page.evaluate(
      ({ step, method, args }) =>
        (globalThis as unknown as StorefrontGlobal).storefront.call(step, method, args),
      { step, method, args },
    );
    await page.screenshot({ path: resolve(ARTIFACTS, `${shot}.png`), fullPage: true });
    await settled();
    return outcome;
  }

  /** The state after a call that must have succeeded; else what failed, with the service's answers. */
  function resolved(outcome: SdkOutcome, call: string): SdkSnapshot {
    if (!outcome.ok) {
      throw new Error(
        `${call} rejected with ${JSON.stringify(outcome.error)}\nrequests to the service:\n${describeRequests()}`,
      );
    }
    return outcome.state;
  }

  function rejected(outcome: SdkOutcome, call: string): SdkError {
    if (outcome.ok) throw new Error(`${call} resolved; expected a rejection`);
    return outcome.error;
  }

  /** One line per request: with whole paths and error bodies, or with routes (for the summary). */
  function describeRequests(detail: 'paths' | 'routes' = 'paths'): string {
    return requests
      .map((r) => {
        const target = detail === 'paths' ? r.path : r.route;
        const notes = [r.cached && 'from the browser cache', r.failure].filter(Boolean);
        const body = detail === 'paths' && r.body ? ` ${r.body}` : '';
        const suffix = notes.length ? ` (${notes.join(', ')})` : '';
        return `  [${r.tab}] ${r.method} ${target} -> ${r.status ?? '-'}${suffix}${body}`;
      })
      .join('\n');
  }

  /** The checkout as the service has it, read by the merchant (not through the browser). */
  async function serverCheckout(id: string): Promise<any> {
    const response = await t.request('GET', `/api/storefront/checkouts/${id}`, {
      token: t.merchant(),
    });
    expect(response.statusCode).toBe(200);
    return response.json();
  }

  let lastSeenVersion: number;

  it('1. loadCheckout(A): the checkout, a guest customer, the store config and the billing form', async () => {
    const cookies = await context.cookies(serviceOrigin);
    expect(cookies).toEqual([
      expect.objectContaining({ name: COOKIE_NAME, domain: `.${SHOP_DOMAIN}`, httpOnly: true }),
    ]);
    expect(await tab.evaluate(() => (globalThis as any).document.cookie)).not.toContain(
      COOKIE_NAME,
    );

    const state = resolved(await sdk(tab, '01-load-checkout', 'loadCheckout', checkoutA), 'load');
    expect(state.checkout.id).toBe(checkoutA);
    expect(state.customer).toMatchObject({ id: 0, isGuest: true, addresses: [] });
    expect(state.config).toBeTruthy();
    expect(state.billingAddressFields.length).toBeGreaterThan(0);
    lastSeenVersion = state.checkout.version;
  });

  it('2. continueAsGuest({ email }): an email-only billing address, an abandoned-cart candidate', async () => {
    const before = requests.length;
    const state = resolved(
      await sdk(tab, '02-continue-as-guest', 'continueAsGuest', { email: GUEST_EMAIL }),
      'continueAsGuest',
    );
    expect(requests.slice(before)).toEqual([
      expect.objectContaining({
        method: 'POST',
        route: '/api/storefront/checkouts/{checkoutId}/billing-address?include',
        sent: { email: GUEST_EMAIL, shouldSaveAddress: false },
        status: 200,
      }),
    ]);
    expect(state.billingAddress).toMatchObject({
      email: GUEST_EMAIL,
      countryCode: '',
      id: expect.any(String),
    });
    expect(state.customer).toMatchObject({ isGuest: true, email: GUEST_EMAIL });
    // The SDK takes only the address and the customer from this answer, not the checkout: its
    // version stays the loaded one, so a page must not send `version` from it after this call.
    expect(state.checkout.version).toBe(lastSeenVersion);
    const candidates = await outboxEvents<any>(t, checkoutA, 'checkout.AbandonedCartCandidate');
    expect(candidates).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ checkoutId: checkoutA }) }),
    ]);
    expect(candidates[0]!.data.email).toBe(GUEST_EMAIL);
  });

  it('3. updateBillingAddress(address): a PUT by the id from step 2, a new version', async () => {
    const before = requests.length;
    const state = resolved(
      await sdk(tab, '03-update-billing-address', 'updateBillingAddress', ADDRESS),
      'update',
    );
    expect(requests.slice(before).map((r) => `${r.method} ${r.route}`)).toContain(
      'PUT /api/storefront/checkouts/{checkoutId}/billing-address/{addressId}?include',
    );
    expect(state.billingAddress).toMatchObject({ ...ADDRESS, email: GUEST_EMAIL });
    expect(state.checkout.version).toBeGreaterThan(lastSeenVersion);
    expect(state.checkout.version).toBe((await serverCheckout(checkoutA)).version);
    lastSeenVersion = state.checkout.version;
  });

  it('4. updateBillingAddress again with another city: the same id, the next version', async () => {
    const addressId = (await serverCheckout(checkoutA)).billingAddress.id;
    const state = resolved(
      await sdk(tab, '04-update-city', 'updateBillingAddress', { ...ADDRESS, city: 'Round Rock' }),
      'update',
    );
    expect(state.billingAddress).toMatchObject({ id: addressId, city: 'Round Rock' });
    expect(state.checkout.version).toBe(lastSeenVersion + 1);
    expect(requests.at(-1)).toMatchObject({
      method: 'PUT',
      path: expect.stringMatching(`/billing-address/${addressId}\\?`),
      status: 200,
    });
    lastSeenVersion = state.checkout.version;
  });

  it('5. a second tab changes the address first: the stale version from the first tab is a 409', async () => {
    const second = await openStorefront();
    try {
      resolved(await sdk(second, '05a-second-tab-load', 'loadCheckout', checkoutA), 'load');
      const theirs = resolved(
        await sdk(second, '05b-second-tab-update', 'updateBillingAddress', {
          ...ADDRESS,
          city: 'Dallas',
        }),
        'update in the second tab',
      );
      expect(theirs.checkout.version).toBe(lastSeenVersion + 1);
    } finally {
      await second.close();
    }
    const events = (await t.outbox(checkoutA)).length;

    const error = rejected(
      await sdk(tab, '05c-stale-version-409', 'updateBillingAddress', {
        ...ADDRESS,
        city: 'Houston',
        version: lastSeenVersion,
      }),
      'update at a stale version',
    );
    expect(error).toMatchObject({ name: 'RequestError', type: 'request', status: 409 });
    expect(requests.at(-1)!.sent).toMatchObject({ city: 'Houston', version: lastSeenVersion });
    expect(error.body).toMatchObject({ status: 409, currentVersion: lastSeenVersion + 1 });

    const server = await serverCheckout(checkoutA);
    expect(server.version).toBe(lastSeenVersion + 1);
    expect(server.billingAddress.city).toBe('Dallas');
    expect(await t.outbox(checkoutA)).toHaveLength(events);
  });

  it('6. updateBillingAddress with countryCode XX: a 400 whose message names countryCode', async () => {
    const before = await serverCheckout(checkoutA);
    const error = rejected(
      await sdk(tab, '06-invalid-country-400', 'updateBillingAddress', {
        ...ADDRESS,
        countryCode: 'XX',
      }),
      'update with an unknown country',
    );
    expect(error).toMatchObject({ name: 'RequestError', type: 'request', status: 400 });
    expect(error.message).toContain('countryCode');
    expect(error.body).toMatchObject({ status: 400, fields: { countryCode: expect.any(Array) } });
    expect(error.body).not.toHaveProperty('errors');
    expect(await serverCheckout(checkoutA)).toEqual(before);
  });

  it('checkout B: the first updateBillingAddress POSTs (no address yet), the next one PUTs', async () => {
    const loaded = resolved(
      await sdk(tab, '07-load-checkout-b', 'loadCheckout', checkoutB),
      'load',
    );
    expect(loaded.checkout.id).toBe(checkoutB);
    expect(loaded.billingAddress).toBeNull();

    const before = requests.length;
    const added = resolved(
      await sdk(tab, '08-add-billing-address-b', 'updateBillingAddress', {
        email: GUEST_EMAIL,
        ...ADDRESS,
      }),
      'add',
    );
    expect(added.billingAddress).toMatchObject({ ...ADDRESS, email: GUEST_EMAIL });
    const updated = resolved(
      await sdk(tab, '09-update-billing-address-b', 'updateBillingAddress', {
        ...ADDRESS,
        address2: 'Suite 400',
      }),
      'update',
    );
    expect(updated.billingAddress).toMatchObject({
      ...ADDRESS,
      address2: 'Suite 400',
      email: GUEST_EMAIL,
      id: added.billingAddress.id,
    });
    expect(updated.checkout.version).toBe(added.checkout.version + 1);
    expect(requests.slice(before).map((r) => [r.method, r.route, r.status])).toEqual([
      ['POST', '/api/storefront/checkouts/{checkoutId}/billing-address?include', 200],
      ['PUT', '/api/storefront/checkouts/{checkoutId}/billing-address/{addressId}?include', 200],
    ]);
  });

  it('sent the cookie on every request to the service, never an Authorization header', async () => {
    await settled();
    // A response the browser cached (form-fields is cacheable) is reused without a request.
    const unseen = [...arrived];
    for (const request of requests) {
      const index = unseen.findIndex((a) => a.method === request.method && a.path === request.path);
      if (index >= 0) unseen.splice(index, 1);
      else request.cached = true;
    }
    const preflights = arrived.filter((a) => a.method === 'OPTIONS');
    const routes = [...new Set(requests.map((r) => `${r.method} ${r.route}`))];
    const includes = [
      ...new Set(requests.map((r) => new URL(r.path, serviceOrigin).searchParams.get('include'))),
    ].filter(Boolean);
    console.log(
      [
        `Requests the checkout SDK made to ${serviceOrigin} from ${storefrontOrigin}, in order:`,
        describeRequests('routes'),
        `plus ${preflights.length} CORS preflights (OPTIONS), which never carry cookies.`,
        `include values sent:\n${includes.map((include) => `  ${include}`).join('\n')}`,
        `(method, route) pairs:\n${routes.map((route) => `  ${route}`).join('\n')}`,
      ].join('\n'),
    );

    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => r.authorization !== undefined)).toEqual([]);
    expect(requests.filter((r) => r.cached && r.method !== 'GET')).toEqual([]);
    expect(requests.filter((r) => !r.cached && !r.cookie?.includes(`${COOKIE_NAME}=`))).toEqual([]);
    // What the service itself received: every call with the cookie, from the storefront's origin.
    const calls = arrived.filter((a) => a.method !== 'OPTIONS');
    expect(calls.length).toBe(requests.filter((r) => !r.cached).length);
    expect(
      calls.filter(
        (a) =>
          a.authorization !== undefined ||
          a.origin !== storefrontOrigin ||
          !a.cookie?.includes(`${COOKIE_NAME}=${storefront.token}`),
      ),
    ).toEqual([]);
    expect(routes.sort()).toEqual(
      [
        'GET /api/storefront/checkout-settings?checkoutId',
        'GET /api/storefront/form-fields',
        'GET /api/storefront/checkout/{checkoutId}?include',
        'POST /api/storefront/checkouts/{checkoutId}/billing-address?include',
        'PUT /api/storefront/checkouts/{checkoutId}/billing-address/{addressId}?include',
      ].sort(),
    );
  });
});

/** The path and query of a service URL, and its route: ids named, query reduced to its names. */
function pathOf(url: string): { path: string; route: string } {
  const { pathname, search, searchParams } = new URL(url);
  const route = pathname
    .replace(/(\/checkouts?)\/[^/]+/, '$1/{checkoutId}')
    .replace(/(\/billing-address)\/[^/]+/, '$1/{addressId}');
  const names = [...new Set(searchParams.keys())];
  return {
    path: `${pathname}${search}`,
    route: names.length ? `${route}?${names.join('&')}` : route,
  };
}
