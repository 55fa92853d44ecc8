import { EXAMPLE_BROWSER_KEY, loadExampleData } from '../../src/db/example-data';
import { hashSecret } from '../../src/domain/secrets';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue } from '../support/catalogue';
import { createApiKey, plantRequest } from '../support/factories';
import { expectNoInlineCode, expectPageHeaders, parsePage, visibleText } from './page-helpers';

/**
 * `GET /` (docs/pages.md §5) with and without the example data, and the links that lead people
 * to the request pages: the acknowledgement e-mail and the feeds (docs/pages.md §3).
 */
describe('with the example data', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({ LOAD_EXAMPLE_DATA: 'true' });
    await loadExampleData(t.db.pool);
  });
  afterAll(() => t.close());

  it('when / is read, then the example city embeds the form and the map with its localhost browser key', async () => {
    const response = await t.api.get('/');
    expect(response.status).toBe(200);
    expectPageHeaders(response);
    const page = parsePage(response);
    expectNoInlineCode(page);
    expect(page.querySelector('script[type=module]')?.getAttribute('src')).toBe('/widget/palaute.js');
    expect(page.querySelector('palaute-feedback')?.getAttribute('api-key')).toBe(EXAMPLE_BROWSER_KEY);
    expect(page.querySelector('palaute-map')).not.toBeNull();
    expect(page.querySelector('.site-name')?.textContent).toContain('Kerava');
    expect(page.querySelector('pre code')?.textContent).toContain('<palaute-feedback api-key="YOUR-BROWSER-KEY">');
    const key = await t.db.pool.query('SELECT allowed_origins FROM application WHERE key_hash = $1', [
      hashSecret(EXAMPLE_BROWSER_KEY),
    ]);
    expect(key.rows[0].allowed_origins).toEqual(['http://localhost:*', 'http://127.0.0.1:*']);
  });

  it('when a Kerava request page is read in Swedish, then the header names Kervo, its Swedish name', async () => {
    const id = (await t.db.pool.query(`SELECT public_id FROM public_request ORDER BY id LIMIT 1`)).rows[0].public_id;
    const page = parsePage(await t.api.get(`/requests/${id}?lang=sv`));
    expect(page.querySelector('html')?.getAttribute('lang')).toBe('sv');
    expect(page.querySelector('.site-name')?.textContent).toBe('Kervo · Respons');
  });
});

describe('without the example data', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({ LOAD_EXAMPLE_DATA: 'false' });
    const catalogue = await seedCatalogue(t.db.pool);
    await plantRequest(t.db.pool, { serviceId: catalogue.litter, publicId: '2026-000301', lat: 60.4, long: 25.1 });
  });
  afterAll(() => t.close());

  it('when / is read, then it says what the service is and where its parts are, with no widget', async () => {
    const response = await t.api.get('/').set('Accept-Language', 'en');
    expect(response.status).toBe(200);
    expectPageHeaders(response);
    const page = parsePage(response);
    expect(page.querySelector('script')).toBeNull();
    expect(page.querySelector('palaute-feedback')).toBeNull();
    expect(page.querySelector('h1')?.textContent).toBe('Feedback service');
    const links = page.querySelectorAll('main a').map((a) => a.getAttribute('href'));
    expect(links).toEqual(
      expect.arrayContaining(['/docs', '/feeds/requests.rss?locale=en', '/feeds/requests.atom?locale=en']),
    );
    expect(visibleText(page)).toContain('<script type="module" src="http://palaute.test/widget/palaute.js"></script>');
  });

  it('when the acknowledgement is queued, then its link opens the own view', async () => {
    const posted = await t.api
      .post('/open311/v2/requests.json')
      .type('form')
      .send({
        api_key: await createApiKey(t.db.pool),
        service_code: '102',
        description: 'Roskia puistossa koulun vieressä.',
        lat: '60.4',
        long: '25.1',
        email: 'links@example.invalid',
      });
    const id = posted.body[0].service_request_id;
    const mail = await t.db.pool.query(
      `SELECT o.body FROM outbox o JOIN service_request r ON r.id = o.request_id WHERE r.public_id = $1`,
      [id],
    );
    const link = new RegExp(`http://palaute\\.test/requests/${id}\\?tracking_token=[A-Za-z0-9_-]+`).exec(
      mail.rows[0].body,
    )?.[0];
    expect(link).toBeDefined();
    const own = await t.api.get((link ?? '').replace('http://palaute.test', ''));
    expect(own.status).toBe(200);
    expect(own.headers['cache-control']).toBe('private, no-store');
    expect(visibleText(parsePage(own))).toContain('Roskia puistossa koulun vieressä.');
  });

  it.each(['rss', 'atom'])(
    'when the %s feed is read, then its links and ids are the request pages and the home page',
    async (kind) => {
      const feed = (await t.api.get(`/feeds/requests.${kind}`)).text;
      const page = 'http://palaute.test/requests/2026-000301';
      if (kind === 'rss') {
        expect(feed).toContain(`<link>${page}</link>`);
        expect(feed).toContain(`<guid isPermaLink="false">${page}</guid>`);
        expect(feed).toContain('<link>http://palaute.test/</link>');
      } else {
        expect(feed).toContain(`<id>${page}</id>`);
        expect(feed).toContain(`<link href="${page}"/>`);
        expect(feed).toContain('<link rel="alternate" href="http://palaute.test/"/>');
      }
      expect(feed).not.toContain('/open311/v2/requests/');
    },
  );
});
