import type { Browser, Page } from 'playwright-core';
import {
  formatViolations,
  launchBrowser,
  runAxe,
  saveScreenshot,
  startApp,
  watchPage,
  type LocalServer,
} from '../support/browser';
import type { TestContext } from '../support/context';
import { seedCatalogue } from '../support/catalogue';
import { plantRequest } from '../support/factories';

/**
 * "My feedback" by e-mail link (docs/residents.md) in real Chromium: ask for a link, open it,
 * sign in, read the list, sign out; no axe-core violations on the form and the list, no CSP
 * violations or script errors, screenshots at 1280 and 360 px.
 */
jest.setTimeout(120000);

let browser: Browser;
let t: TestContext;
let server: LocalServer;

beforeAll(async () => {
  ({ t, server } = await startApp());
  const c = await seedCatalogue(t.db.pool);
  await plantRequest(t.db.pool, {
    serviceId: c.pothole,
    publicId: '2025-900001',
    email: 'maija.meikalainen@example.fi',
    title: 'Syvä kuoppa suojatiellä',
    description:
      'Kauppakaaren suojatiellä on syvä kuoppa, johon pyörän eturengas osuu helposti. Kuoppa on noin 30 cm leveä.',
    address: 'Kauppakaari 1, Kerava',
    requestedAt: '2026-02-03T08:15:00Z',
  });
  await plantRequest(t.db.pool, {
    serviceId: c.litter,
    publicId: '2025-900002',
    email: 'Maija.Meikalainen@Example.FI',
    description: 'Puiston roska-astiat ovat olleet täynnä koko viikon.',
    visibility: 'pending',
    requestedAt: '2026-02-10T12:40:00Z',
  });
  await t.db.pool.query(
    `INSERT INTO request_event (request_id, created_at, kind, public, status, detailed_status, note, actor)
     SELECT id, '2026-02-04T09:00:00Z', 'answered', true, 'open', 'IN_PROCESS',
            'Kiitos ilmoituksesta! Kuoppa paikataan tällä viikolla.', 'handler'
       FROM service_request WHERE public_id = '2025-900001'`,
  );
  await t.db.pool.query(`UPDATE service_request SET detailed_status = 'IN_PROCESS' WHERE public_id = '2025-900001'`);
  browser = await launchBrowser();
}, 180000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

async function expectAccessible(page: Page): Promise<void> {
  expect(formatViolations(await runAxe(page))).toBe('');
}

/** The link of the newest sign-in message in the outbox. */
async function mailedLink(): Promise<string> {
  const { rows } = await t.db.pool.query(
    `SELECT body FROM outbox WHERE kind = 'sign_in_link' ORDER BY id DESC LIMIT 1`,
  );
  const link = /(http:\/\/\S+\/my\/sign-in\/[A-Za-z0-9_-]{43}\?lang=fi)/.exec(rows[0]?.body ?? '')?.[1];
  if (link === undefined) throw new Error('no sign-in link was queued');
  return link;
}

it('when a resident asks for a link, opens it and signs in, then the list shows their feedback; sign-out ends it', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // The pages name no icon, so Chromium asks for /favicon.ico, which the service does not serve.
  await context.route('**/favicon.ico', (route) => route.fulfill({ status: 204 }));
  const page = await context.newPage();
  const watch = await watchPage(page);

  await page.goto(`${server.url}/my?lang=fi`);
  await expect(page.locator('h1').innerText()).resolves.toBe('Omat palautteet');
  await expectAccessible(page);
  await saveScreenshot(page, 'my-form-1280');

  await page.getByLabel('Sähköpostiosoite').fill('MAIJA.meikalainen@example.fi');
  await page.getByRole('button', { name: 'Lähetä kirjautumislinkki' }).click();
  await expect(page.locator('h1').innerText()).resolves.toBe('Tarkista sähköpostisi');
  await expectAccessible(page);

  await page.goto(await mailedLink());
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Kirjaudu' }).click();
  await page.waitForURL(`${server.url}/my?lang=fi`);

  const items = page.locator('.my-feedback > li');
  await expect(items.count()).resolves.toBe(2);
  await expect(items.nth(0).innerText()).resolves.toContain('Puiston roska-astiat');
  await expect(items.nth(1).innerText()).resolves.toContain('Kuoppa paikataan tällä viikolla.');
  await expect(page.content()).resolves.not.toMatch(/meikalainen/i);
  const [cookie] = await context.cookies();
  expect(cookie).toMatchObject({ name: 'palaute_session', path: '/my', httpOnly: true, sameSite: 'Lax' });
  await expectAccessible(page);
  await saveScreenshot(page, 'my-list-1280');

  await page.setViewportSize({ width: 360, height: 800 });
  await expectAccessible(page);
  await saveScreenshot(page, 'my-list-360');

  await page.getByRole('button', { name: 'Kirjaudu ulos' }).click();
  await page.waitForURL(`${server.url}/my?lang=fi`);
  await expect(page.locator('input[type="email"]').count()).resolves.toBe(1);
  await expect(context.cookies()).resolves.toEqual([]);
  await saveScreenshot(page, 'my-form-360');

  watch.expectClean();

  // A spent link says so (410, which the console reports), with the form for a new one.
  await page.goto(`${server.url}/my/sign-in/${'A'.repeat(43)}?lang=en`);
  await expect(page.locator('h1').innerText()).resolves.toBe('This link is no longer valid');
  await expectAccessible(page);
  expect(watch.problems()).toEqual([expect.stringContaining('status of 410')]);
  await context.close();
});
