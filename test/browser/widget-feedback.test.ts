import type { Browser, FileChooser, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { EXAMPLE_BROWSER_KEY, loadExampleData } from '../../src/db/example-data';
import { insertApplication } from '../../src/repositories/application-repository';
import { launchBrowser, waitUntil, watchPage, type PageWatch } from '../support/browser';
import { startLocalIssuer, strictSignInEnv, type LocalIssuer } from '../support/jwks';
import { startWidgetHost, type WidgetHost } from './widget-host';

/**
 * `<palaute-feedback>` in real Chromium on a city page of another origin under a strict CSP,
 * posting with the example data's browser key (docs/widget.md).
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

/** A photo of asphalt with a hole, as a resident's phone would send (JPEG). */
const photo = async (): Promise<Buffer> =>
  sharp(
    Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
      <rect width="640" height="480" fill="#7a7a78"/><ellipse cx="320" cy="260" rx="170" ry="90" fill="#3b3b39"/></svg>`),
  )
    .jpeg()
    .toBuffer();

type Opened = { page: Page; watch: PageWatch; form: Locator };

async function openForm(
  options: { lang?: string; width?: number; attributes?: string; apiKey?: string } = {},
): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: 900 } });
  const watch = await watchPage(page);
  const key = options.apiKey ?? EXAMPLE_BROWSER_KEY;
  const element = `<palaute-feedback api-key="${key}" ${options.attributes ?? ''}></palaute-feedback>`;
  await page.goto(host.pageUrl(element, options.lang ?? 'fi'));
  const form = page.locator('palaute-feedback form');
  await form.waitFor();
  return { page, watch, form };
}

/** The stored request behind a public id, with what the widget should have sent. */
async function stored(id: string) {
  const result = await host.t.db.pool.query(
    `SELECT r.publication_consent, r.attributes, r.locale, r.address, r.description_original,
            ST_Y(r.geom) AS lat, ST_X(r.geom) AS long, c.email, c.resident_subject,
            (SELECT count(*)::int FROM media m WHERE m.request_id = r.id) AS photos
       FROM service_request r JOIN request_contact c ON c.request_id = r.id WHERE r.public_id = $1`,
    [id],
  );
  return result.rows[0];
}

/** The id and tracking link of the answer panel. */
async function sent(page: Page): Promise<{ id: string; link: string }> {
  const panel = page.locator('palaute-feedback .result');
  await panel.waitFor();
  const text = await panel.innerText();
  const id = /(\d{4}-\d{6})/.exec(text)?.[1] ?? '';
  const link = (await panel.locator('.tracking a').getAttribute('href')) ?? '';
  return { id, link };
}

/** Whether `target` has focus inside its shadow root. */
const hasFocus = (target: Locator): Promise<boolean> =>
  target.evaluate((el) => (el.getRootNode() as { activeElement: unknown }).activeElement === el);

/** Presses Tab until `target` has focus (inside the shadow root), as a keyboard user would. */
async function tabTo(page: Page, target: Locator, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    if (await hasFocus(target)) return;
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/**
 * Tabs to the photo input and opens its file chooser with Space. On a loaded machine the
 * form may re-render between the Tab and the key (the "already reported?" lookup answers),
 * so a key press that opened nothing is tried again, from the Tab, at most three times.
 */
async function chooseByKeyboard(page: Page, input: Locator): Promise<FileChooser> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (!(await hasFocus(input))) await tabTo(page, input);
    const opened = page.waitForEvent('filechooser', { timeout: 10000 });
    await page.keyboard.press('Space');
    try {
      return await opened;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

it('when a resident files feedback with a category, an answer, a map point, a photo and consent unticked, then it is stored and the tracking link works', async () => {
  const { page, watch, form } = await openForm();
  await form.locator('select[name="service_code"]').selectOption('101');
  await form.locator('input[name="attribute[DAMAGE_TYPE]"][value="pothole"]').check();
  await form.locator('input[name="attribute[DAMAGE_SIZE_CM]"]').fill('40');
  await form.locator('textarea[name="description"]').fill('Syvä kuoppa suojatien kohdalla, pyörä meinasi kaatua.');
  const map = form.locator('.map');
  await map.locator('.leaflet-tile-loaded').first().waitFor();
  await map.click({ position: { x: 260, y: 120 } });
  await form.locator('.point-status', { hasText: 'Valittu paikka' }).waitFor();
  // Dragging the pin moves the point.
  const clicked = await form.locator('input[name="long"]').inputValue();
  const pin = (await form.locator('.palaute-pin--chosen').boundingBox()) as { x: number; y: number };
  await page.mouse.move(pin.x + 13, pin.y + 13);
  await page.mouse.down();
  await page.mouse.move(pin.x + 73, pin.y + 43, { steps: 6 });
  await page.mouse.up();
  await waitUntil(
    async () => (await form.locator('input[name="long"]').inputValue()) !== clicked,
    'the dragged pin moves the point',
  );
  const lat = Number(await form.locator('input[name="lat"]').inputValue());
  const long = Number(await form.locator('input[name="long"]').inputValue());
  expect(lat).toBeGreaterThan(60.3);
  expect(long).toBeGreaterThan(25);
  await form
    .locator('input[name="media"]')
    .setInputFiles({ name: 'kuoppa.jpg', mimeType: 'image/jpeg', buffer: await photo() });
  await form.locator('.previews img').waitFor();
  await form.locator('input[name="publication_consent"]').uncheck();
  await form.locator('input[name="email"]').fill('asukas@example.fi');
  await page.evaluate("document.addEventListener('palaute-submitted', (e) => { window.submitted = e.detail; })");
  await form.locator('button[type="submit"]').click();

  const { id, link } = await sent(page);
  // The page hears of it too: id, notice and link, for its own analytics or messages.
  await expect(page.evaluate('window.submitted')).resolves.toMatchObject({ serviceRequestId: id, trackingUrl: link });
  expect(link).toMatch(new RegExp(`^${host.app.url}/requests/${id}\\?tracking_token=[\\w-]{20,}$`));
  expect(await stored(id)).toMatchObject({
    publication_consent: false,
    attributes: { DAMAGE_TYPE: 'pothole', DAMAGE_SIZE_CM: '40' },
    locale: 'fi',
    lat: expect.closeTo(lat, 6),
    long: expect.closeTo(long, 6),
    email: 'asukas@example.fi',
    photos: 1,
  });
  // The link's token shows the submitter their own request, unpublished as it is.
  const token = new URL(link).searchParams.get('tracking_token');
  const own = await host.t.api.get(`/open311/v2/requests/${id}.json?tracking_token=${token}`);
  expect(own.status).toBe(200);
  expect(await page.locator('palaute-feedback .result').textContent()).toContain('Palaute otetaan käsittelyyn');
  watch.expectClean();
  // No third party: the service, the page's own origin (its tiles) and the photo preview only.
  const elsewhere = watch
    .requests()
    .filter((url) => ![host.app.url, host.pages.url, 'blob:'].some((ok) => url.startsWith(ok)));
  expect(elsewhere).toEqual([]);
  // The resident opens the tracking link: their own view of the request, unpublished as it is.
  await page.locator('palaute-feedback .tracking a').click();
  await page.waitForURL(link);
  await expect(page.locator('main').innerText()).resolves.toContain('Syvä kuoppa suojatien kohdalla');
  await expect(page.locator('h2#details-title').count()).resolves.toBe(1);
  watch.expectClean();
  await page.close();
});

it('when the whole form is done by keyboard only, then the feedback is sent with its answers, point and photo', async () => {
  const { page, watch, form } = await openForm();
  const category = form.locator('select[name="service_code"]');
  await tabTo(page, category);
  for (let i = 0; i < 30 && (await category.inputValue()) !== '501'; i += 1) await page.keyboard.press('ArrowDown');
  const swing = form.locator('input[name="attribute[EQUIPMENT][]"][value="swing"]');
  await swing.waitFor();
  await tabTo(page, swing);
  await page.keyboard.press('Space');
  await tabTo(page, form.locator('textarea[name="description"]'));
  await page.keyboard.type('Keinun ketju on katkennut leikkipuistossa.');
  const map = form.locator('.map');
  await map.locator('.leaflet-tile-loaded').first().waitFor();
  await tabTo(page, map);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(form.locator('input[name="lat"]').inputValue()).resolves.toMatch(/^60\.\d+$/);
  await tabTo(page, form.locator('input[name="address_string"]'));
  await page.keyboard.type('Kurkelan leikkipuisto');
  const chooser = await chooseByKeyboard(page, form.locator('input[name="media"]'));
  await chooser.setFiles({ name: 'keinu.jpg', mimeType: 'image/jpeg', buffer: await photo() });
  await form.locator('.previews img').waitFor();
  await tabTo(page, form.locator('input[name="email"]'));
  await page.keyboard.type('asukas@example.fi');
  await tabTo(page, form.locator('button[type="submit"]'));
  await page.keyboard.press('Enter');

  const { id, link } = await sent(page);
  // Focus moves to the answer, and Tab reaches the tracking link.
  await tabTo(page, page.locator('palaute-feedback .tracking a'), 3);
  expect(link).toContain(`/requests/${id}?tracking_token=`);
  const row = await stored(id);
  expect(row).toMatchObject({
    publication_consent: true,
    attributes: { EQUIPMENT: ['swing'] },
    address: 'Kurkelan leikkipuisto',
    photos: 1,
  });
  expect(row.lat).toBeCloseTo(60.403, 1);
  watch.expectClean();
  await page.close();
});

it.each([
  ['fi', 'fi', '', 'Mitä palautteesi koskee?', 'Palaute otetaan käsittelyyn'],
  ['sv', 'fi', 'lang="sv"', 'Vad gäller din respons?', 'Responsen tas upp till behandling'],
  ['en', 'en', '', 'What is your feedback about?', 'Your feedback will be taken into processing'],
])(
  'when the form is in %s (page %s, element %s), then the form, its categories and the answer are in that language',
  async (lang, pageLang, attributes, label, notice) => {
    const { page, watch, form } = await openForm({ lang: pageLang, attributes });
    await expect(form.locator('label[for="f-service_code"]').innerText()).resolves.toContain(label);
    const services = await host.t.api.get(`/open311/v2/services.json?locale=${lang}`);
    const general = (services.body as { service_code: string; service_name: string }[]).find(
      (s) => s.service_code === '801',
    );
    await expect(form.locator('option[value="801"]').innerText()).resolves.toBe(general?.service_name);
    await form.locator('select[name="service_code"]').selectOption('801');
    // A category without a place (location rule none) asks for none.
    await expect(form.locator('fieldset.location').count()).resolves.toBe(0);
    await form.locator('textarea[name="description"]').fill('Kiitos hyvästä palvelusta kirjastossa ja uimahallissa.');
    await form.locator('button[type="submit"]').click();
    const { id } = await sent(page);
    await expect(page.locator('palaute-feedback .result').innerText()).resolves.toContain(notice);
    expect(await stored(id)).toMatchObject({ locale: lang, lat: null });
    watch.expectClean();
    await page.close();
  },
);

it("when a page uses a browser key of another city's site, then the POST is refused, the form says it was not sent, and nothing is stored", async () => {
  const { key } = await insertApplication(host.t.db.pool, 'Keravan sivut', ['https://www.kerava.fi']);
  const before = await host.t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM service_request');
  const { page, form } = await openForm({ apiKey: key });
  // The service answers 403 without a CORS grant for this origin (test/api/browser-keys.test.ts), so
  // the browser reports the POST as failed and the page cannot read the answer.
  const refused = page.waitForEvent('requestfailed', (r) => r.method() === 'POST' && r.url().includes('/requests.json'));
  await form.locator('select[name="service_code"]').selectOption('801');
  await form.locator('textarea[name="description"]').fill('Kiitos hyvästä palvelusta kirjastossa ja uimahallissa.');
  await form.locator('button[type="submit"]').click();
  await refused;
  // The summary says the feedback was not sent, and the form keeps what the resident wrote.
  await expect(form.locator('.summary').innerText()).resolves.toContain('Palautetta ei voitu lähettää');
  await expect(form.locator('textarea[name="description"]').inputValue()).resolves.toContain('Kiitos');
  await expect(page.locator('palaute-feedback .result').count()).resolves.toBe(0);
  const after = await host.t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM service_request');
  expect(after.rows[0].n).toBe(before.rows[0].n);
  await page.close();
});
