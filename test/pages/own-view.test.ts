import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue } from '../support/catalogue';
import { createApiKey } from '../support/factories';
import { jpeg } from '../support/images';
import { expectNoInlineCode, expectPageHeaders, expectPrivate, parsePage, visibleText } from './page-helpers';

/**
 * The submitter's own view (docs/pages.md §3, docs/privacy-gate.md §9): with the tracking token
 * the page shows their own original text, status and answers even when the request is not
 * public; never cached, never a Referer; any wrong token is the unknown request's 404.
 */
let t: TestContext;
let key = '';

beforeAll(async () => {
  t = await createTestContext();
  await seedCatalogue(t.db.pool);
  key = await createApiKey(t.db.pool);
});

afterAll(() => t.close());

/** A request in the pre-moderated category: held from the public until a handler publishes it. */
async function postHeld(description: string): Promise<{ id: string; token: string }> {
  const response = await t.api.post('/open311/v2/requests.json').type('form').send({
    api_key: key,
    service_code: '104',
    description,
    lat: '60.40',
    long: '25.10',
    email: 'own.view@example.invalid',
    phone: '+358409998877',
    extensions: 'true',
  });
  expect(response.status).toBe(200);
  return { id: response.body[0].service_request_id, token: response.body[0].extended_attributes.tracking_token };
}

it('when the submitter opens their link, then they see their own text though it is not public', async () => {
  const { id, token } = await postHeld('Oma teksti: henkilötunnukseni on 131052-308T.');
  expect((await t.api.get(`/requests/${id}`)).status).toBe(404);
  const response = await t.api.get(`/requests/${id}?tracking_token=${token}`);
  expect(response.status).toBe(200);
  expectPageHeaders(response);
  expectPrivate(response);
  const page = parsePage(response);
  const text = visibleText(page);
  expect(text).toContain('Oma teksti: henkilötunnukseni on 131052-308T.');
  expect(text).toContain('Oma palautteesi');
  expect(text).toContain('Palautettasi ei ole julkaistu');
  expect(text).toContain('Vastaanotettu');
  expect(response.text).not.toContain('own.view@example.invalid');
  expect(response.text).not.toContain('+358409998877');
  expectNoInlineCode(page);
});

it('when the token comes as X-Tracking-Token, then it opens the same view', async () => {
  const { id, token } = await postHeld('Toinen oma palaute odottaa käsittelyä.');
  const response = await t.api.get(`/requests/${id}`).set('X-Tracking-Token', token);
  expect(response.status).toBe(200);
  expectPrivate(response);
  expect(visibleText(parsePage(response))).toContain('Toinen oma palaute');
});

it('when the own view is open, then it offers a real form for details with the token hidden in it', async () => {
  const { id, token } = await postHeld('Palaute, johon voi lisätä tietoja.');
  const page = parsePage(await t.api.get(`/requests/${id}?tracking_token=${token}&lang=en`));
  const form = page.querySelector('form.details');
  expect(form?.getAttribute('method')).toBe('post');
  expect(form?.getAttribute('enctype')).toBe('multipart/form-data');
  expect(form?.getAttribute('action')).toBe(`/requests/${id}/details?lang=en`);
  expect(form?.querySelector('input[type=hidden][name=tracking_token]')?.getAttribute('value')).toBe(token);
  for (const input of form?.querySelectorAll('textarea, input[type=file]') ?? []) {
    const label = page.querySelector(`label[for=${input.id}]`);
    expect(label?.textContent.trim()).toBeTruthy();
  }
  expect(form?.querySelector('textarea')?.getAttribute('maxlength')).toBe(String(t.config.descriptionMaxLength));
  expect(form?.querySelector('button[type=submit]')?.textContent).toBe('Send the details');
  const languages = page.querySelectorAll('nav.languages a').map((a) => a.getAttribute('href'));
  expect(languages).toContain(`/requests/${id}?tracking_token=${token}&lang=fi`);
});

it('when the request is closed, then the own view says details can no longer be added', async () => {
  const { id, token } = await postHeld('Tämä palaute suljetaan pian.');
  await t.db.pool.query(
    `UPDATE service_request SET status = 'closed', detailed_status = 'PROCESSED' WHERE public_id = $1`,
    [id],
  );
  const page = parsePage(await t.api.get(`/requests/${id}?tracking_token=${token}`));
  expect(page.querySelector('form.details')).toBeNull();
  expect(visibleText(page)).toContain('Palautteen käsittely on päättynyt');
});

it('when the token is wrong, empty-handed or another request’s, then it is the unknown request’s 404', async () => {
  const mine = await postHeld('Ensimmäinen palaute tokenin testiin.');
  const other = await postHeld('Toinen palaute tokenin testiin.');
  const unknown = await t.api.get('/requests/2026-999999');
  for (const url of [
    `/requests/${mine.id}?tracking_token=wrong-token`,
    `/requests/${mine.id}?tracking_token=${other.token}`,
    `/requests/2026-999999?tracking_token=${mine.token}`,
  ]) {
    const response = await t.api.get(url);
    expect(response.status).toBe(404);
    expectPageHeaders(response);
    expect(response.headers['cache-control']).toBe('private, no-store');
    expect(response.text).toBe(unknown.text);
  }
});

it('when the request is published, then the own view says nothing about being unpublished', async () => {
  const { id, token } = await postHeld('Tämä julkaistaan käsittelijän toimesta.');
  await t.db.pool.query(`UPDATE service_request SET visibility = 'public' WHERE public_id = $1`, [id]);
  const text = visibleText(parsePage(await t.api.get(`/requests/${id}?tracking_token=${token}`)));
  expect(text).not.toContain('Palautettasi ei ole julkaistu');
  expect((await t.api.get(`/requests/${id}`)).status).toBe(200);
});

it('when the request is not public but has a photo, then the own view shows no image that cannot load', async () => {
  const posted = await t.api
    .post('/open311/v2/requests.json')
    .field('api_key', key)
    .field('service_code', '102')
    .field('description', 'Katuvalo ei pala, kuva liitteenä.')
    .field('lat', '60.40')
    .field('long', '25.10')
    .field('publication_consent', 'false')
    .field('extensions', 'true')
    .attach('media', await jpeg(60, 40), 'valo.jpg');
  expect(posted.status).toBe(200);
  const { service_request_id: id, extended_attributes: extended } = posted.body[0];
  const photos = await t.db.pool.query(
    'SELECT count(*)::int AS n FROM media m JOIN service_request r ON r.id = m.request_id WHERE r.public_id = $1',
    [id],
  );
  expect(photos.rows[0].n).toBe(1);
  const page = parsePage(await t.api.get(`/requests/${id}?tracking_token=${extended.tracking_token}`));
  expect(visibleText(page)).toContain('Palautettasi ei ole julkaistu');
  const sources = page.querySelectorAll('main img').map((img) => img.getAttribute('src') ?? '');
  for (const src of sources) expect({ src, status: (await t.api.get(src)).status }).toEqual({ src, status: 200 });
  expect(sources).toEqual([]);
});
