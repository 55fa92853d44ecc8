import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue, type TestCatalogue } from '../support/catalogue';
import { createApiKey, daysAgo, plantRequest } from '../support/factories';
import { png } from '../support/images';
import { expectNoInlineCode, expectPageHeaders, parsePage, visibleText } from './page-helpers';

/**
 * The request's page for people (docs/pages.md §3) reads through the same gate and presenter as
 * the JSON: it shows what `GET requests/{id}.json?extensions=true` shows and nothing private.
 */
const SECRETS = [
  'leak.page@example.invalid',
  '+358401112233',
  'Leakpagefirst',
  'Leakpagelast',
  'acct-PAGE-LEAK',
  'dev-PAGE-LEAK',
  'ORIGINAL-PAGE-MARKER',
  'INTERNAL-PAGE-NOTE',
  'HANDLER-PAGE-IDENTITY',
  'NONCONSENT-PAGE',
  'HIDDEN-PAGE',
  'PENDING-PAGE',
  'NEVERPUBLIC-PAGE',
  '131052-308T',
];
const contact = {
  email: 'leak.page@example.invalid',
  phone: '+358401112233',
  firstName: 'Leakpagefirst',
  lastName: 'Leakpagelast',
  accountId: 'acct-PAGE-LEAK',
  deviceId: 'dev-PAGE-LEAK',
};
const HIDDEN_IDS = ['2026-000202', '2026-000203', '2026-000204', '2026-000205'];

let t: TestContext;
let s: TestCatalogue;
let postedId = '';

beforeAll(async () => {
  t = await createTestContext();
  s = await seedCatalogue(t.db.pool);
  const pool = t.db.pool;
  const at = { lat: 60.4031, long: 25.1052, requestedAt: daysAgo(2), ...contact };
  await plantRequest(pool, {
    ...at,
    serviceId: s.pothole,
    publicId: '2026-000201',
    title: 'Kuoppa torilla',
    description: 'Syvä kuoppa suojatiellä.',
    address: 'Kauppakaari 1',
    statusNotes: 'Korjataan ensi viikolla.',
  });
  await pool.query(
    `UPDATE service_request SET description_original = 'ORIGINAL-PAGE-MARKER 131052-308T' WHERE public_id = '2026-000201'`,
  );
  await pool.query(`INSERT INTO request_event (request_id, kind, public, note, actor)
      SELECT id, 'note', false, 'INTERNAL-PAGE-NOTE', 'HANDLER-PAGE-IDENTITY' FROM service_request WHERE public_id = '2026-000201'`);
  await pool.query(`INSERT INTO request_event (request_id, kind, public, status, detailed_status, note, actor)
      SELECT id, 'status_changed', true, 'open', 'IN_PROCESS', 'Otettu käsittelyyn.', 'HANDLER-PAGE-IDENTITY'
        FROM service_request WHERE public_id = '2026-000201'`);
  await pool.query(`UPDATE service_request SET detailed_status = 'IN_PROCESS' WHERE public_id = '2026-000201'`);
  await plantRequest(pool, {
    ...at,
    serviceId: s.pothole,
    publicId: HIDDEN_IDS[0],
    description: 'NONCONSENT-PAGE',
    consent: false,
  });
  await plantRequest(pool, {
    ...at,
    serviceId: s.pothole,
    publicId: HIDDEN_IDS[1],
    description: 'HIDDEN-PAGE',
    visibility: 'hidden',
  });
  await plantRequest(pool, {
    ...at,
    serviceId: s.premoderated,
    publicId: HIDDEN_IDS[2],
    description: 'PENDING-PAGE',
    visibility: 'pending',
  });
  await plantRequest(pool, { ...at, serviceId: s.health, publicId: HIDDEN_IDS[3], description: 'NEVERPUBLIC-PAGE' });
  await plantRequest(pool, {
    serviceId: s.litter,
    publicId: '2026-000206',
    title: '</title><script>alert("t")</script>',
    description: '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"',
    address: '<b onmouseover=alert(2)>Katu</b>',
  });
  const posted = await t.api
    .post('/open311/v2/requests.json')
    .field('api_key', await createApiKey(pool))
    .field('service_code', '102')
    .field('description', 'Roskia puistossa, kuva liitteenä.')
    .field('lat', '60.41')
    .field('long', '25.11')
    .attach('media', await png(40, 30), 'roskat.png');
  postedId = posted.body[0].service_request_id;
});

afterAll(() => t.close());

const json = async (id: string) => (await t.api.get(`/open311/v2/requests/${id}.json?extensions=true`)).body[0];

describe('GET /requests/{id}', () => {
  it('when a public request is read, then the page shows what the JSON shows, in words', async () => {
    const expected = await json('2026-000201');
    const response = await t.api.get('/requests/2026-000201');
    expect(response.status).toBe(200);
    expectPageHeaders(response);
    expect(response.headers['cache-control']).toBe('public, max-age=60');
    expect(response.headers.vary).toContain('Accept-Language');
    const page = parsePage(response);
    const text = visibleText(page);
    expect(page.querySelector('html')?.getAttribute('lang')).toBe('fi');
    expect(page.querySelector('h1')?.textContent).toBe(expected.extended_attributes.title);
    for (const value of [
      expected.description,
      expected.service_name,
      expected.status_notes,
      expected.address,
      expected.agency_responsible,
      expected.extended_attributes.status_descriptive_name,
      ...expected.extended_attributes.log.map((entry: { note: string | null }) => entry.note),
    ].filter(Boolean)) {
      expect(text).toContain(value);
    }
    expect(text).toContain('60.40310, 25.10520');
    const map = page.querySelector('palaute-location');
    expect(Number(map?.getAttribute('lat'))).toBe(expected.lat);
    expect(Number(map?.getAttribute('long'))).toBe(expected.long);
    expect(page.querySelectorAll('.history li')).toHaveLength(expected.extended_attributes.log.length);
    expect(page.querySelector('main#main')).not.toBeNull();
    expect(page.querySelector('a.skip-link')?.getAttribute('href')).toBe('#main');
    expectNoInlineCode(page);
  });

  it('when a request has published photos, then the page shows each as a thumbnail linking to the photo', async () => {
    const expected = await json(postedId);
    expect(expected.extended_attributes.media_urls).toHaveLength(1);
    const page = parsePage(await t.api.get(`/requests/${postedId}`));
    const images = page.querySelectorAll('.photos img');
    expect(images).toHaveLength(1);
    const photoId = /\/media\/([^/]+)\.jpg$/.exec(expected.media_url)?.[1];
    expect(images[0].getAttribute('src')).toBe(`/media/${photoId}-thumb.jpg`);
    expect(images[0].getAttribute('alt')).toBe('Palautteen kuva 1');
    expect((await t.api.get(images[0].getAttribute('src') ?? '')).status).toBe(200);
  });

  it('when any page is read, then no contact detail, original text, internal note or hidden request shows', async () => {
    const bodies: string[] = [];
    for (const id of ['2026-000201', postedId, ...HIDDEN_IDS, '2026-999999']) {
      for (const query of ['', '?lang=sv', '?lang=en', '?jurisdiction_id=test.fi']) {
        const response = await t.api.get(`/requests/${id}${query}`);
        bodies.push(response.text + JSON.stringify(response.headers));
      }
    }
    for (const body of bodies) for (const secret of SECRETS) expect(body).not.toContain(secret);
  });

  it.each(HIDDEN_IDS)('when %s is not public, then it is the same HTML 404 as an unknown id', async (id) => {
    const hidden = await t.api.get(`/requests/${id}`);
    const unknown = await t.api.get('/requests/2026-999999');
    expect(hidden.status).toBe(404);
    expectPageHeaders(hidden);
    expect(hidden.text).toBe(unknown.text);
    expect(parsePage(hidden).querySelector('h1')?.textContent).toBe('Sivua ei löytynyt');
  });

  it('when lang or Accept-Language asks for Swedish or English, then the page speaks it', async () => {
    const sv = parsePage(await t.api.get('/requests/2026-000201?lang=sv'));
    expect(sv.querySelector('html')?.getAttribute('lang')).toBe('sv');
    expect(visibleText(sv)).toContain('Under behandling');
    expect(visibleText(sv)).toContain('Gatornas skick');
    const en = parsePage(await t.api.get('/requests/2026-000201').set('Accept-Language', 'en-GB,en;q=0.8'));
    expect(en.querySelector('html')?.getAttribute('lang')).toBe('en');
    expect(visibleText(en)).toContain('In process');
    const typo = parsePage(await t.api.get('/requests/2026-000201?lang=de'));
    expect(typo.querySelector('html')?.getAttribute('lang')).toBe('fi');
    const links = en.querySelectorAll('nav.languages a').map((a) => a.getAttribute('href'));
    expect(links).toEqual([
      '/requests/2026-000201?lang=fi',
      '/requests/2026-000201?lang=sv',
      '/requests/2026-000201?lang=en',
    ]);
  });

  it('when a resident planted markup, then it is shown as text and never runs', async () => {
    const response = await t.api.get('/requests/2026-000206');
    expect(response.status).toBe(200);
    expect(response.text).not.toContain('<script>alert');
    expect(response.text).not.toContain('<img src=x');
    expect(response.text).not.toContain('<b onmouseover');
    const page = parsePage(response);
    expectNoInlineCode(page);
    expect(page.querySelector('h1')?.textContent).toBe('</title><script>alert("t")</script>');
    expect(page.querySelector('p.text')?.textContent).toBe(
      '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"',
    );
    expect(page.querySelector('title')?.textContent).toContain('</title><script>alert("t")</script>');
  });

  it('when a request has no location, then there is no map and no widget script', async () => {
    const pool = t.db.pool;
    await plantRequest(pool, {
      serviceId: s.general,
      publicId: '2026-000207',
      description: 'Kiitos hyvästä palvelusta!',
    });
    const page = parsePage(await t.api.get('/requests/2026-000207'));
    expect(page.querySelector('palaute-location')).toBeNull();
    expect(page.querySelector('script')).toBeNull();
  });

  it('when a request is a duplicate, then it links to its original only while the original is public', async () => {
    const pool = t.db.pool;
    await plantRequest(pool, { serviceId: s.pothole, publicId: '2026-000208', description: 'Sama kuoppa torilla.' });
    await pool.query(
      `UPDATE service_request SET duplicate_of = (SELECT id FROM service_request WHERE public_id = $1),
              status = 'closed', detailed_status = 'PROCESSED' WHERE public_id = '2026-000208'`,
      ['2026-000201'],
    );
    const page = parsePage(await t.api.get('/requests/2026-000208?lang=en'));
    expect(page.querySelector('.facts a[href^="/requests/"]')?.getAttribute('href')).toBe(
      '/requests/2026-000201?lang=en',
    );
    await pool.query(
      `UPDATE service_request SET duplicate_of = (SELECT id FROM service_request WHERE public_id = $1)
                       WHERE public_id = '2026-000208'`,
      [HIDDEN_IDS[1]],
    );
    const hidden = await t.api.get('/requests/2026-000208?lang=en');
    expect(hidden.text).not.toContain(HIDDEN_IDS[1]);
    expect(parsePage(hidden).querySelector('.facts a[href^="/requests/"]')).toBeNull();
  });

  it('when the JSON and XML URLs are read, then they are what they were', async () => {
    const response = await t.api.get('/open311/v2/requests/2026-000201.json');
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.body[0].service_request_id).toBe('2026-000201');
    const missing = await t.api.get('/open311/v2/requests/2026-000202.xml');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toContain('xml');
  });

  it('when a page path is wrong, then the error is an HTML page, never GeoReport JSON or a stack', async () => {
    for (const [call, status] of [
      [() => t.api.get('/requests/2026-000201/elsewhere'), 404],
      [() => t.api.put('/requests/2026-000201'), 405],
      [() => t.api.get('/requests/%00'), 400],
      [() => t.api.get('/pages/nothing.css'), 404],
    ] as const) {
      const response = await call();
      expect(response.status).toBe(status);
      expectPageHeaders(response);
      const page = parsePage(response);
      expect(page.querySelector('h1')?.textContent).toBeTruthy();
      expect(response.text).not.toMatch(/at .*\.ts:\d+/);
    }
  });
});

describe('GET /pages/pages.css', () => {
  it('when the stylesheet is read, then it is cacheable CSS from our origin, revalidated by its ETag', async () => {
    const response = await t.api.get('/pages/pages.css');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=86400');
    expect(response.text).toContain('.skip-link');
    const again = await t.api.get('/pages/pages.css').set('If-None-Match', response.headers.etag);
    expect(again.status).toBe(304);
  });
});
