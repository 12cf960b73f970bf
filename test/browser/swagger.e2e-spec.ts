/**
 * Swagger UI as a newcomer uses it, in a real browser: open /docs on the demo data, authorize with
 * the guest token, and run the README's tour: its table's operations in its order, with the
 * pre-filled examples unchanged, switching tokens where the table does. The steps are read from
 * README.md, so the tour and this test cannot drift apart. Drives Debian's Chromium
 * (`apt-get install -y chromium`) through playwright-core; skipped, saying so, where it is missing.
 * Screenshots go to test-artifacts/swagger-ui/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Browser, chromium, Locator, Page } from 'playwright-core';
import { DEMO } from '../../src/demo/demo-checkouts';
import { TestApp } from '../support/test-app';

const CHROMIUM = '/usr/bin/chromium';
const README = resolve(__dirname, '../../README.md');
const OPENAPI = resolve(__dirname, '../../openapi.json');

interface TourStep {
  step: number;
  method: string;
  path: string;
  token: 'guest' | 'merchant';
  status: number;
  etag?: number;
  version?: number;
  currentVersion?: number;
}

/** The rows of the table under the README's "### 1. Swagger UI" heading. */
function readTour(): TourStep[] {
  const readme = readFileSync(README, 'utf8');
  const section = readme.slice(readme.indexOf('### 1. Swagger UI'));
  const lines = section.split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const end = lines.findIndex((line, index) => index > first && !line.startsWith('|'));
  // Past the header row and the alignment row.
  const rows = lines.slice(first + 2, end);
  const number = (text: string, pattern: RegExp): number | undefined => {
    const match = pattern.exec(text);
    return match ? Number(match[1]) : undefined;
  };
  return rows.map((row) => {
    const [step, operation, token, , answer] = row
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const [, method, path] = /^`(GET|POST|PUT) (\S+)`/.exec(operation!)!;
    return {
      step: Number(step),
      method: method!,
      path: path!,
      token: token as TourStep['token'],
      status: number(answer!, /^(\d{3})/)!,
      etag: number(answer!, /`ETag: "(\d+)"`/),
      version: number(answer!, /`version` (\d+)/),
      currentVersion: number(answer!, /`currentVersion` (\d+)/),
    };
  });
}

const TOUR = readTour();

function operationId(step: TourStep): string {
  const document = JSON.parse(readFileSync(OPENAPI, 'utf8'));
  return document.paths[step.path][step.method.toLowerCase()].operationId;
}

const pathPattern = (path: string): RegExp =>
  new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`, 'i');
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

  const tokenFor = (role: TourStep['token']): string =>
    role === 'guest' ? t.shopper(DEMO.shopperId) : t.merchant(DEMO.channelId);

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

  /** Expands an operation (unless open), presses Execute (the examples are pre-filled). */
  async function tryItOut(operation: Locator, screenshot: string): Promise<Locator> {
    if (!(await operation.locator('button.execute').isVisible())) {
      await operation.locator('.opblock-summary').first().click();
    }
    const tryButton = operation.locator('button.try-out__btn');
    if ((await tryButton.count()) > 0 && (await tryButton.innerText()).includes('Try it out')) {
      await tryButton.click();
    }
    await operation.locator('button.execute').click();
    const live = operation.locator('.live-responses-table');
    await live.locator('tbody .response-col_status').first().waitFor();
    await operation.scrollIntoViewIfNeeded();
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

  it('lists the operations in the order of the tour, so top to bottom is the tour', async () => {
    const onPage = await page
      .locator('.opblock[id^="operations-"]')
      .evaluateAll((blocks) => blocks.map((block) => block.id.replace(/^operations-.*?-/, '')));
    const inTour = [...new Set(TOUR.map(operationId))];
    expect(onPage).toEqual(inTour);
  });

  it('authorizes with the guest token pasted into the Authorize dialog', async () => {
    await authorize(tokenFor(TOUR[0]!.token), '02-authorized.png');
  });

  let current: string = TOUR[0]!.token;
  it.each(TOUR)('step $step: $method $path as $token, answered $status', async (step) => {
    if (step.token !== current) {
      await authorize(tokenFor(step.token));
      current = step.token;
    }
    const operation = page.locator(`[id^="operations-"][id$="-${operationId(step)}"]`);
    const answer = page.waitForResponse(
      (response) =>
        response.request().method() === step.method &&
        pathPattern(step.path).test(new URL(response.url()).pathname),
    );
    const live = await tryItOut(operation, `${String(step.step + 2).padStart(2, '0')}-step.png`);
    expect((await answer).status()).toBe(step.status);
    expect(await statusOf(live)).toBe(String(step.status));
    const text = await live.innerText();
    if (step.etag !== undefined) expect(text.toLowerCase()).toContain(`etag: "${step.etag}"`);
    if (step.version !== undefined) expect((await bodyOf(live)).version).toBe(step.version);
    if (step.currentVersion !== undefined) {
      expect(await bodyOf(live)).toMatchObject({
        status: 409,
        currentVersion: step.currentVersion,
      });
    }
    // Collapsed, its answer leaves the page: Swagger UI slows down with every large body shown.
    await operation.locator('.opblock-summary').first().click();
  });
});
