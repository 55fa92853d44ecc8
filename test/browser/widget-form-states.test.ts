import type { Browser, Page } from 'playwright-core';
import { EXAMPLE_BROWSER_KEY, loadExampleData } from '../../src/db/example-data';
import { formatViolations, launchBrowser, runAxe, saveScreenshot, watchPage } from '../support/browser';
import { startLocalIssuer, strictSignInEnv, type LocalIssuer } from '../support/jwks';
import { startWidgetHost, type WidgetHost } from './widget-host';

/**
 * `<palaute-feedback>` beyond the happy path: accessibility (axe-core, WCAG 2.1 AA) of the form
 * and its error state, errors from the service beside their fields, every attribute datatype,
 * "already reported?", a signed-in resident, and the form without its map chunk.
 */
jest.setTimeout(120000);

let browser: Browser;
let host: WidgetHost;
let issuer: LocalIssuer;

beforeAll(async () => {
  issuer = await startLocalIssuer();
  host = await startWidgetHost(strictSignInEnv(issuer));
  await loadExampleData(host.t.db.pool);
  browser = await launchBrowser();
}, 180000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await issuer?.close();
});

async function openForm(width = 1280, attributes = '') {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const watch = await watchPage(page);
  await page.goto(host.pageUrl(`<palaute-feedback api-key="${EXAMPLE_BROWSER_KEY}" ${attributes}></palaute-feedback>`));
  const form = page.locator('palaute-feedback form');
  await form.waitFor();
  return { page, watch, form };
}

const activeId = (page: Page): Promise<string> =>
  page
    .locator('palaute-feedback')
    .evaluate((el) => (el.shadowRoot as { activeElement: { id: string } | null }).activeElement?.id ?? '');

/** An open public request of `code` with a point, from the example data. */
async function openRequestAt(code: string): Promise<{ id: string; lat: number; long: number }> {
  const { rows } = await host.t.db.pool.query(
    `SELECT r.public_id AS id, ST_Y(r.geom) AS lat, ST_X(r.geom) AS long
       FROM service_request r JOIN service s ON s.id = r.service_id
      WHERE s.code = $1 AND r.status = 'open' AND r.visibility = 'public' AND r.publication_consent
        AND r.geom IS NOT NULL
      ORDER BY r.requested_at DESC LIMIT 1`,
    [code],
  );
  return rows[0];
}

async function sentId(page: Page): Promise<string> {
  const panel = page.locator('palaute-feedback .result');
  await panel.waitFor();
  return /(\d{4}-\d{6})/.exec(await panel.innerText())?.[1] ?? '';
}

describe.each([1280, 360])('at %i px wide', (width) => {
  it('when the form shows a category, its questions and a point, then axe finds no WCAG 2.1 AA violation', async () => {
    const { page, watch, form } = await openForm(width);
    await form.locator('select[name="service_code"]').selectOption('101');
    await form.locator('input[name="attribute[DAMAGE_TYPE]"]').first().waitFor();
    await form.locator('.map .leaflet-tile-loaded').first().waitFor();
    const near = await openRequestAt('101');
    await form.locator('summary').click();
    await form.locator('input[name="lat"]').fill(String(near.lat));
    await form.locator('input[name="long"]').fill(String(near.long));
    await form.locator('input[name="long"]').press('Tab');
    await form.locator('.similar li').first().waitFor();
    await page.mouse.move(0, 0);
    await page.evaluate("document.querySelector('palaute-feedback').shadowRoot.activeElement?.blur()");
    expect(formatViolations(await runAxe(page))).toBe('');
    // Nothing wider than the screen: no sideways scrolling at 320–360 px.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
    await saveScreenshot(page, `feedback-form-${width}`);
    watch.expectClean();
    await page.close();
  });
});

it.each([320, 640])(
  'when the screen is %i px wide (640: 1280 px at 200 %% zoom), then the form needs no sideways scrolling',
  async (width) => {
    const { page, watch, form } = await openForm(width);
    await form.locator('select[name="service_code"]').selectOption('501');
    await form.locator('input[name="attribute[EQUIPMENT][]"]').first().waitFor();
    await form.locator('.map .leaflet-tile-loaded').first().waitFor();
    await form.locator('summary').click();
    await form.locator('button[type="submit"]').click();
    await form.locator('.summary').waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
    watch.expectClean();
    await page.close();
  },
);

type ServiceRow = { service_code: string; group: string | null; description: string };
type DefinitionRow = { attributes: { code: string; variable: boolean; required: boolean; description: string }[] };

it('when the categories show, then they are grouped with descriptions, never-public ones say so, and questions carry required marks and information as text', async () => {
  const { page, watch, form } = await openForm();
  const services = (await host.t.api.get('/open311/v2/services.json?locale=fi')).body as ServiceRow[];
  const select = form.locator('select[name="service_code"]');
  const groups = await select.locator('optgroup').evaluateAll((els) => els.map((el) => el.getAttribute('label')));
  expect(groups).toEqual([...new Set(services.map((s) => s.group).filter((g) => g !== null))]);
  const byGroup = await select.locator('optgroup', { hasText: 'Yleinen palaute' }).locator('option').count();
  expect(byGroup).toBe(services.filter((s) => s.group === services.find((x) => x.service_code === '801')?.group).length);
  // A category whose feedback is never published says so in its option and under the select.
  await expect(select.locator('option[value="701"]').innerText()).resolves.toMatch(/\(ei julkaista\)$/);
  await expect(select.locator('option[value="101"]').innerText()).resolves.not.toContain('ei julkaista');
  await select.selectOption('701');
  const description = form.locator('.category-description');
  await expect(description.locator('.badge').innerText()).resolves.toBe('ei julkaista');
  await expect(description.innerText()).resolves.toContain(services.find((s) => s.service_code === '701')?.description);
  // The questions of 101: required ones marked, the informational one as text with no control.
  await select.selectOption('101');
  await form.locator('input[name="attribute[DAMAGE_TYPE]"]').first().waitFor();
  const definition = (await host.t.api.get('/open311/v2/services/101.json?locale=fi')).body as DefinitionRow;
  const info = definition.attributes.find((a) => !a.variable);
  await expect(form.locator('p.notice', { hasText: info?.description }).count()).resolves.toBe(1);
  await expect(form.locator(`[name^="attribute[${info?.code}]"]`).count()).resolves.toBe(0);
  const legend = form.locator('fieldset.choices legend', { hasText: 'Vaurion tyyppi' });
  await expect(legend.locator('.req').count()).resolves.toBe(1);
  await expect(form.locator('input[name="attribute[DAMAGE_TYPE]"]').first().getAttribute('required')).resolves.toBe('');
  const optional = form.locator('label[for="f-attribute_91DAMAGE_SIZE_CM_93"]');
  await expect(optional.locator('.req').count()).resolves.toBe(0);
  watch.expectClean();
  await page.close();
});

it('when a chosen photo is too large or not a photo, then the form names it before sending and shows no preview', async () => {
  const { page, watch, form } = await openForm();
  const config = (await host.t.api.get('/widget/config.json')).body as { media: { max_bytes: number } };
  let posts = 0;
  page.on('request', (r) => r.method() === 'POST' && (posts += 1));
  await form.locator('input[name="media"]').setInputFiles([
    { name: 'iso.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(config.media.max_bytes + 1, 0xff) },
    { name: 'muistio.txt', mimeType: 'text/plain', buffer: Buffer.from('ei kuva') },
  ]);
  const error = form.locator('#f-media-error');
  await error.waitFor();
  await expect(error.innerText()).resolves.toMatch(/iso\.jpg on suurempi kuin 10 Mt/);
  await expect(error.innerText()).resolves.toContain('muistio.txt ei ole JPEG-, PNG- tai WebP-kuva.');
  await expect(form.locator('input[name="media"]').getAttribute('aria-invalid')).resolves.toBe('true');
  await expect(form.locator('.previews li').count()).resolves.toBe(0);
  expect(posts).toBe(0);
  watch.expectClean();
  await page.close();
});

it('when the form is sent half done, then the summary takes focus, links to each field, and axe finds no violation', async () => {
  const { page, watch, form } = await openForm(360);
  await form.locator('select[name="service_code"]').selectOption('104');
  await form.locator('textarea[name="description"]').fill('Lyhyt');
  await form.locator('button[type="submit"]').click();
  const summary = form.locator('.summary');
  await summary.waitFor();
  expect(await activeId(page)).toBe('f-summary');
  await expect(summary.locator('li').allInnerTexts()).resolves.toEqual([
    'Kirjoita vähintään 10 merkkiä.',
    'Merkitse paikka kartalle.',
  ]);
  await expect(form.locator('textarea[name="description"]').getAttribute('aria-describedby')).resolves.toBe(
    'f-description-hint f-description-error',
  );
  await summary.locator('a').first().click();
  expect(await activeId(page)).toBe('f-description');
  await page.mouse.move(0, 0);
  expect(formatViolations(await runAxe(page))).toBe('');
  await saveScreenshot(page, 'feedback-errors-360');
  watch.expectClean();
  await page.close();
});

it('when the service refuses a field, then its own words stand beside that field and in the summary', async () => {
  const { page, watch, form } = await openForm();
  await form.locator('select[name="service_code"]').selectOption('801');
  await form.locator('textarea[name="description"]').fill('Verkkosivujen hakutoiminto ei löydä mitään.');
  await form.locator('input[name="email"]').fill('ei-osoite');
  await form.locator('button[type="submit"]').click();
  await form.locator('#f-email-error').waitFor();
  await expect(form.locator('#f-email-error').textContent()).resolves.toMatch(
    /^\s*Virhe:\s+email is not an e-mail address\s*$/,
  );
  await expect(form.locator('input[name="email"]').getAttribute('aria-invalid')).resolves.toBe('true');
  expect(await activeId(page)).toBe('f-summary');
  await form.locator('.summary a').click();
  expect(await activeId(page)).toBe('f-email');
  expect(formatViolations(await runAxe(page))).toBe('');
  // The 400 itself is the only console error: the browser logs every failed fetch.
  expect(watch.problems().filter((p) => !p.includes('status of 400'))).toEqual([]);
  await page.close();
});

it('when a category asks every kind of question, then each datatype is sent as GeoReport expects', async () => {
  const { page, watch, form } = await openForm();
  await form.locator('select[name="service_code"]').selectOption('602');
  await form.locator('input[name="attribute[EVENT_NAME]"]').fill('Kesäkonsertti');
  await form.locator('input[name="attribute[EVENT_DATE]"]').fill('2026-06-12T18:30');
  await form.locator('input[name="attribute[RATING]"]').fill('5');
  await form.locator('input[name="attribute[TOPICS][]"][value="venue"]').check();
  await form.locator('input[name="attribute[TOPICS][]"][value="tickets"]').check();
  await form.locator('textarea[name="attribute[GREETINGS]"]').fill('Kiitos esiintyjille!');
  await form.locator('textarea[name="description"]').fill('Hieno konsertti, mutta lippujono oli pitkä.');
  await form.locator('button[type="submit"]').click();
  const id = await sentId(page);
  const row = await host.t.db.pool.query('SELECT attributes FROM service_request WHERE public_id = $1', [id]);
  expect(row.rows[0].attributes).toEqual({
    EVENT_NAME: 'Kesäkonsertti',
    EVENT_DATE: expect.stringMatching(/^2026-06-12T18:30:00[+-]\d{2}:\d{2}$/),
    RATING: '5',
    TOPICS: ['venue', 'tickets'],
    GREETINGS: 'Kiitos esiintyjille!',
  });
  watch.expectClean();
  await page.close();
});

it('when a point is chosen where the category has open public feedback, then it is shown with its status and answer to follow', async () => {
  const { page, watch, form } = await openForm();
  const { id, lat, long } = await openRequestAt('102');
  await host.t.db.pool.query(
    `UPDATE service_request SET status_notes = 'Korjaus on tilattu urakoitsijalta.' WHERE public_id = $1`,
    [id],
  );
  await form.locator('select[name="service_code"]').selectOption('102');
  await form.locator('summary').click();
  await form.locator('input[name="lat"]').fill(String(lat));
  await form.locator('input[name="long"]').fill(String(long));
  await form.locator('input[name="long"]').press('Tab');
  const item = form.locator('.similar li', { has: page.locator(`a[href$="/requests/${id}"]`) });
  await item.waitFor();
  const text = await item.innerText();
  expect(text).toContain('Korjaus on tilattu urakoitsijalta.');
  expect(text).toMatch(/Vastaanotettu|Käsittelyssä/);
  await expect(item.locator('a').getAttribute('href')).resolves.toBe(`${host.app.url}/requests/${id}`);
  watch.expectClean();
  await page.close();
});

it.each(['attribute', 'property'])(
  'when a signed-in resident sends feedback (token as %s), then it goes as a bearer and the request is theirs',
  async (how) => {
    const token = await issuer.sign({ sub: 'resident-42' });
    const { page, watch, form } = await openForm(1280, how === 'attribute' ? `token="${token}"` : '');
    const element = page.locator('palaute-feedback');
    if (how === 'property') {
      await element.evaluate((el, value) => ((el as unknown as { token: string }).token = value), token);
    }
    await expect(element.evaluate((el) => (el as unknown as { token: string }).token)).resolves.toBe(token);
    await form.locator('select[name="service_code"]').selectOption('801');
    await form.locator('textarea[name="description"]').fill('Haluaisin seurata tätä palautetta tililtäni.');
    const [post] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/requests.json')),
      form.locator('button[type="submit"]').click(),
    ]);
    expect(post.headers().authorization).toBe(`Bearer ${token}`);
    expect(post.postData()).toContain(`api_key=${EXAMPLE_BROWSER_KEY}`);
    const id = await sentId(page);
    const row = await host.t.db.pool.query(
      'SELECT c.resident_subject FROM request_contact c JOIN service_request r ON r.id = c.request_id WHERE r.public_id = $1',
      [id],
    );
    expect(row.rows[0].resident_subject).toBe('resident-42');
    watch.expectClean();
    await page.close();
  },
);

it('when the resident uses their location, then the point is where the device says', async () => {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    geolocation: { latitude: 60.40412, longitude: 25.10431 },
    permissions: ['geolocation'],
  });
  const page = await context.newPage();
  const watch = await watchPage(page);
  await page.goto(host.pageUrl(`<palaute-feedback api-key="${EXAMPLE_BROWSER_KEY}"></palaute-feedback>`));
  const form = page.locator('palaute-feedback form');
  await form.locator('select[name="service_code"]').selectOption('402');
  await form.locator('.map .leaflet-tile-loaded').first().waitFor();
  await form.locator('button', { hasText: 'Käytä sijaintiani' }).click();
  await form.locator('.point-status', { hasText: 'Valittu paikka: 60.40412, 25.10431' }).waitFor();
  await expect(form.locator('input[name="long"]').inputValue()).resolves.toBe('25.10431');
  await expect(form.locator('.palaute-pin--chosen').count()).resolves.toBe(1);
  watch.expectClean();
  await context.close();
});

it('when the map chunk cannot load, then the form says so and still sends feedback by address', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const watch = await watchPage(page);
  await page.route('**/widget/map-kit-*.js', (route) => route.abort());
  await page.goto(host.pageUrl(`<palaute-feedback api-key="${EXAMPLE_BROWSER_KEY}"></palaute-feedback>`));
  const form = page.locator('palaute-feedback form');
  await form.locator('select[name="service_code"]').selectOption('203');
  await form.locator('.notice', { hasText: 'Karttaa ei voitu ladata' }).waitFor();
  await form.locator('input[name="address_string"]').fill('Kauppakaari 1, Kerava');
  await form.locator('textarea[name="description"]').fill('Kadulla on paljon hiekkaa ja lasinsiruja.');
  await form.locator('button[type="submit"]').click();
  const id = await sentId(page);
  const row = await host.t.db.pool.query('SELECT address, geom FROM service_request WHERE public_id = $1', [id]);
  expect(row.rows[0]).toEqual({ address: 'Kauppakaari 1, Kerava', geom: null });
  // The aborted chunk is the only failure the page saw.
  expect(watch.problems().filter((p) => !/map-kit|ERR_FAILED/.test(p))).toEqual([]);
  await page.close();
});
