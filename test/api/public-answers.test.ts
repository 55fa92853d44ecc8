import { createHandler, type TestHandler } from '../support/admin';
import type { TestCatalogue } from '../support/catalogue';
import { seedCatalogue } from '../support/catalogue';
import { createTestContext, type TestContext } from '../support/context';
import { createApiKey, plantYesterday } from '../support/factories';
import { expectValidResponse } from '../support/openapi';

/**
 * Public list answers are kept for PUBLIC_CACHE_SECONDS (docs/scale-out.md, "Public answers"):
 * the same question within that time gets the same bytes, and any write through this process
 * makes the next read build afresh. Rows planted straight into the database bypass the service,
 * so only they can show that an answer was kept.
 */
let t: TestContext;
let s: TestCatalogue;
let key: string;
let admin: TestHandler;
let planted = 0;

const LIST = '/open311/v2/requests.json?service_code=102';
const ids = (body: unknown) => (body as { service_request_id: string }[]).map((r) => r.service_request_id).sort();

/** A public litter request straight into the database: the service does not know it was written. */
async function plantBehindTheBack(): Promise<string> {
  planted += 1;
  const publicId = `2026-1000${String(planted).padStart(2, '0')}`;
  await plantYesterday(t.db.pool, s.litter, publicId);
  return publicId;
}

beforeAll(async () => {
  t = await createTestContext({ PUBLIC_CACHE_SECONDS: '60', CATALOGUE_CACHE_SECONDS: '60' });
  s = await seedCatalogue(t.db.pool);
  key = await createApiKey(t.db.pool);
  admin = await createHandler(t.db.pool, 'admin');
  await plantBehindTheBack();
  await plantBehindTheBack();
});
afterAll(() => t.close());

describe('public answers kept for PUBLIC_CACHE_SECONDS', () => {
  it('when a question is asked for the first time, then its answer is not kept', async () => {
    const path = `${LIST}&page_size=3`;
    const first = await t.api.get(path);
    const late = await plantBehindTheBack();
    expect(ids(first.body)).not.toContain(late);
    expect(first.headers.etag).toBeUndefined();
    expect(ids((await t.api.get(path)).body)).toContain(late);
  });

  it('when the same list is asked again, then the same bytes and paging headers come back, even past a row written behind the service', async () => {
    await t.api.get(`${LIST}&page_size=1`);
    const first = await t.api.get(`${LIST}&page_size=1`);
    expect(first.status).toBe(200);
    const hidden = await plantBehindTheBack();
    const again = await t.api.get(`${LIST}&page_size=1`);
    expect(again.text).toBe(first.text);
    for (const header of ['content-type', 'x-result-count', 'x-page-count', 'x-next-page-url']) {
      expect([header, again.headers[header]]).toEqual([header, first.headers[header]]);
    }
    expect(again.headers['x-next-page-url']).toBe(
      'http://palaute.test/open311/v2/requests.json?service_code=102&page_size=1&page=2',
    );
    expectValidResponse('getRequests', 200, 'json', again.body);
    // Another question is built afresh and sees the row.
    expect(ids((await t.api.get(LIST)).body)).toContain(hidden);
  });

  it('when each format, language and query is asked, then each is its own answer', async () => {
    const json = await t.api.get(`${LIST}&locale=en`);
    const xml = await t.api.get('/open311/v2/requests.xml?service_code=102&locale=en');
    const geojson = await t.api.get('/open311/v2/requests.geojson?service_code=102&locale=en');
    const finnish = await t.api.get(`${LIST}&locale=fi`);
    expect(json.type).toBe('application/json');
    expect(xml.type).toBe('text/xml');
    expect(geojson.type).toBe('application/geo+json');
    expect((json.body as { service_name: string }[])[0].service_name).toBe('Litter');
    expect((finnish.body as { service_name: string }[])[0].service_name).not.toBe('Litter');
    const byHeader = await t.api.get(LIST).set('Accept-Language', 'en');
    expect((byHeader.body as { service_name: string }[])[0].service_name).toBe('Litter');
  });

  it('when a question is refused, then every asking gets its own error and nothing is kept', async () => {
    for (const format of ['json', 'xml']) {
      for (let i = 0; i < 2; i++) {
        const response = await t.api.get(`/open311/v2/requests.${format}?page_size=abc`);
        expect(response.status).toBe(400);
        expect(response.text).toContain('page_size');
      }
    }
  });

  it('when a request is hidden through the admin API, then the next list in every format leaves it out', async () => {
    const target = await plantBehindTheBack();
    const paths = [
      '/open311/v2/requests.json?service_code=102&page_size=99',
      '/open311/v2/requests.xml?service_code=102&page_size=99',
      '/open311/v2/requests.geojson?service_code=102&page_size=99',
    ];
    for (const path of paths) {
      await t.api.get(path);
      expect((await t.api.get(path)).text).toContain(target);
    }
    const hidden = await t.api
      .patch(`/admin/v1/requests/${target}/publication`)
      .set(admin.auth)
      .send({ visibility: 'hidden' });
    expect(hidden.status).toBe(200);
    for (const path of paths) expect((await t.api.get(path)).text).not.toContain(target);
  });

  it('when a resident posts, then the next list through this process shows the new request', async () => {
    await t.api.get(LIST);
    const before = await t.api.get(LIST);
    const posted = await t.api.post('/open311/v2/requests.json').type('form').send({
      api_key: key,
      service_code: '102',
      lat: '60.4041',
      long: '25.1043',
      description: 'Roskia levällään puiston laidalla.',
    });
    expect(posted.status).toBe(200);
    const id = (posted.body as { service_request_id: string }[])[0].service_request_id;
    expect(ids(before.body)).not.toContain(id);
    expect(ids((await t.api.get(LIST)).body)).toContain(id);
  });

  it('when a write is refused, then the kept answers stay', async () => {
    await t.api.get(LIST);
    const first = await t.api.get(LIST);
    await plantBehindTheBack();
    const refused = await t.api
      .patch('/admin/v1/requests/2099-999999/publication')
      .set(admin.auth)
      .send({ visibility: 'hidden' });
    expect(refused.status).toBe(404);
    expect((await t.api.get(LIST)).text).toBe(first.text);
  });

  it('when a client asks again with the ETag it holds, then 304 and no body, until a write changes the answer', async () => {
    const path = '/open311/v2/requests.xml?service_code=102&page_size=50';
    await t.api.get(path);
    const first = await t.api.get(path);
    expect(first.headers.etag).toMatch(/^"[\w-]{27}"$/);
    const again = await t.api.get(path).set('If-None-Match', first.headers.etag as string);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
    await t.api.get('/open311/v2/requests.json?service_code=102&page_size=50');
    const json = await t.api.get('/open311/v2/requests.json?service_code=102&page_size=50');
    expect(json.headers.etag).toMatch(/^"[\w-]{27}"$/);
    expect(json.headers.etag).not.toBe(first.headers.etag);
    const other = await t.api.get(path).set('If-None-Match', '"something-else"');
    expect([other.status, other.text]).toEqual([200, first.text]);
    const target = await plantBehindTheBack();
    const hidden = await t.api
      .patch(`/admin/v1/requests/${target}/publication`)
      .set(admin.auth)
      .send({ visibility: 'hidden' });
    expect(hidden.status).toBe(200);
    const later = await plantBehindTheBack();
    const changed = await t.api.get(path).set('If-None-Match', first.headers.etag as string);
    expect(changed.status).toBe(200);
    expect(changed.text).toContain(later);
    expect(changed.headers.etag).not.toBe(first.headers.etag);
  });

  it('when asked at once by many, then all get the same answer', async () => {
    const path = '/open311/v2/requests.json?service_code=102&page_size=7';
    const answers = await Promise.all(Array.from({ length: 8 }, () => t.api.get(path)));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(new Set(answers.map((a) => a.headers['x-result-count'])).size).toBe(1);
  });
});

describe('public answers expire', () => {
  let short: TestContext;
  beforeAll(async () => {
    short = await createTestContext({ PUBLIC_CACHE_SECONDS: '1', CATALOGUE_CACHE_SECONDS: '60' }, { reset: false });
  });
  afterAll(() => short.close());

  it('when PUBLIC_CACHE_SECONDS have passed, then a row written behind the service shows', async () => {
    const path = '/open311/v2/requests.json?service_code=102&page_size=98';
    await short.api.get(path);
    await short.api.get(path);
    const late = await plantBehindTheBack();
    expect(ids((await short.api.get(path)).body)).not.toContain(late);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(ids((await short.api.get(path)).body)).toContain(late);
  });
});
