/**
 * Swagger UI as a newcomer uses it, in a real browser: open /docs on the demo data, authorize with
 * a token, and run "Try it out" with the pre-filled examples, unchanged. Drives Debian's Chromium
 * (`apt-get install -y chromium`) through playwright-core; skipped, saying so, where it is missing.
 * Screenshots go to test-artifacts/swagger-ui/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Browser, chromium, Locator, Page } from 'playwright-core';
import { DEMO } from '../../src/demo/demo-checkouts';
import { TestApp } from '../support/test-app';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve(__dirname, '../../test-artifacts/swagger-ui');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const describeInChromium = existsSync(CHROMIUM) ? describe : describe.skip;
if (!existsSync(CHROMIUM)) {
  console.warn(
    `Skipping the Swagger UI browser test: ${CHROMIUM} not found (apt-get install -y chromium).`,
  );
}

describeInChromium(`Swagger UI in Chromium (needs ${CHROMIUM})`, () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    process.env.DEMO_SEED = 'true';
    t = await TestApp.start();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Expands an operation, presses Execute (the examples are pre-filled) and waits for the answer. */
  async function tryItOut(operationId: string, screenshot: string): Promise<Locator> {
    const operation = page.locator(`[id^="operations-"][id$="-${operationId}"]`);
    await operation.locator('.opblock-summary').first().click();
    const tryButton = operation.locator('button.try-out__btn');
    if ((await tryButton.count()) > 0 && (await tryButton.innerText()).includes('Try it out')) {
      await tryButton.click();
    }
    await operation.locator('button.execute').click();
    const live = operation.locator('.live-responses-table');
    await live.locator('tbody .response-col_status').first().waitFor();
    await shoot(operation, live, screenshot);
    return live;
  }

  /** The operation from its summary down to the server's answer (not the documented responses). */
  async function shoot(operation: Locator, live: Locator, name: string): Promise<void> {
    // boundingBox() is relative to the viewport; a full-page clip is relative to the page.
    const scrollY = await page.evaluate<number>('window.scrollY');
    const top = (await operation.boundingBox())!;
    const answer = (await live.boundingBox())!;
    await page.screenshot({
      path: resolve(ARTIFACTS, name),
      fullPage: true,
      clip: {
        x: top.x,
        y: top.y + scrollY,
        width: top.width,
        height: answer.y + answer.height - top.y,
      },
    });
  }

  const statusOf = async (live: Locator): Promise<string> =>
    (await live.locator('tbody .response-col_status').first().innerText()).trim();
  const bodyOf = async (live: Locator): Promise<Record<string, unknown>> =>
    JSON.parse(await live.locator('.response-col_description pre').first().innerText()) as Record<
      string,
      unknown
    >;

  it('opens /docs with the product title and an Authorize button', async () => {
    await page.goto(`${baseUrl}/docs`);
    await page.locator('.information-container .title').waitFor();
    expect(await page.locator('.information-container .title').innerText()).toMatch(
      /^Checkout API/,
    );
    expect(await page.title()).toBe('Checkout API');
    await page.screenshot({ path: resolve(ARTIFACTS, '01-docs.png') });
  });

  /** Pastes `token` into the Authorize dialog (logging out of the previous one first). */
  async function authorize(token: string, screenshot?: string): Promise<void> {
    await page.locator('button.btn.authorize').first().click();
    const dialog = page.locator('.modal-ux');
    const logout = dialog.locator('button', { hasText: 'Logout' });
    if ((await logout.count()) > 0) await logout.click();
    await dialog.locator('input').first().fill(token);
    await dialog.locator('button.authorize').click();
    await dialog.locator('button.btn-done').waitFor();
    if (screenshot) await dialog.screenshot({ path: resolve(ARTIFACTS, screenshot) });
    await dialog.locator('button.btn-done').click();
    await dialog.waitFor({ state: 'detached' });
  }

  it('authorizes with a bearer token pasted into the Authorize dialog', async () => {
    await authorize(t.shopper(DEMO.shopperId), '02-authorized.png');
  });

  it('updates the contact of the demo checkout with the pre-filled example: 204', async () => {
    const live = await tryItOut('UpdateContactController_update', '03-contact-204.png');
    expect(await statusOf(live)).toBe('204');
    expect((await live.innerText()).toLowerCase()).toContain('etag: "2"');
  });

  it('adds the billing address with the pre-filled example: 200 with the new version', async () => {
    const live = await tryItOut('AddBillingAddressController_add', '04-billing-address-200.png');
    expect(await statusOf(live)).toBe('200');
    const checkout = await bodyOf(live);
    expect(checkout.id).toBe(DEMO.checkoutId);
    expect(checkout.version).toBe(3);
    expect(checkout.billingAddress).toMatchObject({ countryCode: 'US', city: 'Austin' });
  });

  it('runs every other operation with its example: get, update billing address, place the order', async () => {
    const get = await tryItOut('GetCheckoutController_get', '05-get-200.png');
    expect(await statusOf(get)).toBe('200');
    expect((await bodyOf(get)).contact).toMatchObject({ email: 'jane.doe@example.com' });

    const put = await tryItOut(
      'UpdateBillingAddressController_update',
      '06-update-billing-200.png',
    );
    expect(await statusOf(put)).toBe('200');
    expect(await bodyOf(put)).toMatchObject({
      id: DEMO.checkoutWithBillingAddressId,
      version: 3,
      billingAddress: { id: DEMO.billingAddressId },
    });

    const order = await tryItOut('CompleteCheckoutController_complete', '07-order-200.png');
    expect(await statusOf(order)).toBe('200');
    expect((await bodyOf(order)).id).toEqual(expect.any(Number));
  });

  it('shows a refused call as problem details: the contact example again is 409', async () => {
    const operation = page.locator('[id$="-UpdateContactController_update"]');
    await operation.locator('button.execute').click();
    const live = operation.locator('.live-responses-table');
    await live.locator('tbody .response-col_status', { hasText: '409' }).waitFor();
    await shoot(operation, live, '08-contact-409-problem.png');
    expect(await bodyOf(live)).toMatchObject({ status: 409, currentVersion: 4 });
  });

  it('creates a checkout with the example, authorized as the merchant: 201', async () => {
    await authorize(t.merchant(DEMO.channelId));
    const live = await tryItOut('CreateCheckoutController_create', '09-create-201.png');
    expect(await statusOf(live)).toBe('201');
    expect(await bodyOf(live)).toMatchObject({ version: 1, channelId: DEMO.channelId });
  });
});
