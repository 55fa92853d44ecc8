import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { loadExampleData } from '../../src/db/example-data';
import {
  formatViolations,
  launchBrowser,
  runAxe,
  saveScreenshot,
  serveFiles,
  startApp,
  watchPage,
  type LocalServer,
  type PageWatch,
} from '../support/browser';
import type { TestContext } from '../support/context';
import { createApiKey } from '../support/factories';

/**
 * The pages for people (docs/pages.md) in real Chromium under their own strict policy: the
 * public request page, the submitter's own view with its form, and the demo page with the
 * widget. axe-core finds nothing, no script error or CSP violation happens, and the screenshots
 * at 1280 and 360 px go to test/browser/screenshots/.
 */
jest.setTimeout(120000);

let browser: Browser;
let t: TestContext;
let app: LocalServer;
let tiles: LocalServer;
let publicId = '';
let own = { id: '', token: '' };

/** A pale map-like tile: the closed network cannot reach real tiles. */
const tile = () =>
  sharp(
    Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="#eef0e6"/>
      <path d="M0 128H256M128 0V256" stroke="#ffffff" stroke-width="10"/></svg>`),
  )
    .png({ palette: true })
    .toBuffer();

const photo = () =>
  sharp(
    Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"><rect width="640" height="480" fill="#7a7a78"/>
      <ellipse cx="320" cy="260" rx="170" ry="90" fill="#3b3b39"/></svg>`),
  )
    .jpeg()
    .toBuffer();

/** A Kerava category that asks for nothing more than a text and a place. */
async function plainServiceCode(): Promise<string> {
  const result = await t.db.pool.query<{ code: string }>(
    `SELECT s.code FROM service s WHERE s.active AND NOT s.never_public AND s.moderation = 'auto'
        AND NOT EXISTS (SELECT 1 FROM service_attribute a WHERE a.service_id = s.id AND a.required)
      ORDER BY s.code LIMIT 1`,
  );
  return result.rows[0].code;
}

async function post(code: string, key: string, description: string, withPhoto: boolean) {
  let request = t.api
    .post('/open311/v2/requests.json')
    .field('api_key', key)
    .field('service_code', code)
    .field('description', description)
    .field('title', 'Kaatunut liikennemerkki')
    .field('lat', '60.4041')
    .field('long', '25.1043')
    .field('address_string', 'Kauppakaari 11, Kerava')
    .field('extensions', 'true');
  if (withPhoto) request = request.attach('media', await photo(), 'merkki.jpg');
  const response = await request;
  expect(response.status).toBe(200);
  return {
    id: response.body[0].service_request_id as string,
    token: response.body[0].extended_attributes.tracking_token,
  };
}

beforeAll(async () => {
  tiles = await serveFiles({ '/tiles/*': { body: await tile(), type: 'image/png' } });
  ({ t, server: app } = await startApp({
    LOAD_EXAMPLE_DATA: 'true',
    MAP_TILE_URL: `${tiles.url}/tiles/{z}/{x}/{y}.png`,
  }));
  await loadExampleData(t.db.pool);
  const code = await plainServiceCode();
  const key = await createApiKey(t.db.pool);
  const published = await post(code, key, 'Liikennemerkki on kaatunut jalkakäytävälle Kauppakaaren kulmassa.', true);
  publicId = published.id;
  await t.db.pool.query(
    `INSERT INTO request_event (request_id, kind, public, status, detailed_status, note, actor)
     SELECT id, 'answered', true, 'open', 'IN_PROCESS', 'Kiitos! Merkki nostetaan paikalleen huomenna.', 'handler'
       FROM service_request WHERE public_id = $1`,
    [publicId],
  );
  await t.db.pool.query(
    `UPDATE service_request SET detailed_status = 'IN_PROCESS', status_notes = 'Merkki nostetaan paikalleen huomenna.'
      WHERE public_id = $1`,
    [publicId],
  );
  own = await post(code, key, 'Pyörätien reunassa on rikkinäinen kaivonkansi. Soita 040 123 4567.', false);
  browser = await launchBrowser();
}, 180000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await tiles?.close();
  await t?.close();
});

async function open(path: string, width = 1280): Promise<{ page: Page; watch: PageWatch }> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const watch = await watchPage(page);
  const response = await page.goto(`${app.url}${path}`);
  expect(response?.status()).toBe(200);
  await page.waitForLoadState('networkidle');
  return { page, watch };
}

it('when the public request page is shown, then axe finds nothing, the map draws and nothing breaks (1280 and 360 px)', async () => {
  for (const width of [1280, 360]) {
    const { page, watch } = await open(`/requests/${publicId}`, width);
    await page.locator('palaute-location .leaflet-tile-loaded').first().waitFor();
    await page
      .locator('.photos img')
      .first()
      .evaluate((img) => (img as unknown as { decode(): Promise<void> }).decode());
    expect(formatViolations(await runAxe(page))).toBe('');
    expect(await page.locator('h1').textContent()).toBe('Kaatunut liikennemerkki');
    await saveScreenshot(page, `request-page-${width}`);
    watch.expectClean();
    const scrollWidth = await page
      .locator('html')
      .evaluate((root) => (root as unknown as { scrollWidth: number }).scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(width);
    await page.close();
  }
});

it('when the own view is used, then axe finds nothing and adding details comes back confirmed', async () => {
  const { page, watch } = await open(`/requests/${own.id}?tracking_token=${own.token}&lang=fi`);
  expect(formatViolations(await runAxe(page))).toBe('');
  await saveScreenshot(page, 'request-own-1280');
  await page.getByLabel('Lisätiedot').fill('Kansi on nyt siirretty sivuun, mutta kaivo on auki.');
  await page
    .getByLabel('Kuva (valinnainen)')
    .setInputFiles({ name: 'kaivo.jpg', mimeType: 'image/jpeg', buffer: await photo() });
  await Promise.all([page.waitForURL(/added=1/), page.getByRole('button', { name: 'Lähetä lisätiedot' }).click()]);
  await expect(page.getByRole('status').textContent()).resolves.toContain('Lisätiedot on tallennettu');
  await expect(page.locator('.history').textContent()).resolves.toContain('Kansi on nyt siirretty sivuun');
  expect(formatViolations(await runAxe(page))).toBe('');
  await saveScreenshot(page, 'request-own-added-1280');
  watch.expectClean();
  const rows = await t.db.pool.query(
    `SELECT count(*)::int AS n FROM media m JOIN service_request r ON r.id = m.request_id WHERE r.public_id = $1`,
    [own.id],
  );
  expect(rows.rows[0].n).toBe(1);
  await page.close();
});

it('when the demo page is shown, then the embedded form and map load and axe finds nothing (1280 and 360 px)', async () => {
  for (const width of [1280, 360]) {
    const { page, watch } = await open('/', width);
    await page.locator('palaute-feedback form').waitFor();
    await page.locator('palaute-map .leaflet-tile-loaded').first().waitFor();
    expect(formatViolations(await runAxe(page))).toBe('');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
    await saveScreenshot(page, `demo-page-${width}`);
    watch.expectClean();
    await page.close();
  }
});

it('when the widget script cannot load, then the request page still says where and what', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.route('**/widget/**', (route) => route.abort());
  await page.goto(`${app.url}/requests/${publicId}?lang=en`);
  await expect(page.locator('.facts').textContent()).resolves.toContain('Kauppakaari 11, Kerava');
  await expect(page.locator('.facts').textContent()).resolves.toContain('60.40410, 25.10430');
  expect(await page.locator('palaute-location').isVisible()).toBe(false);
  expect(formatViolations(await runAxe(page))).toBe('');
  await page.close();
});
