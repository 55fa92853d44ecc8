import { check as checkGeoJson } from '@placemarkio/check-geojson';
import Parser from 'rss-parser';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue, type TestCatalogue } from '../support/catalogue';
import { daysAgo, plantRequest } from '../support/factories';
import { getBoth } from '../support/http';
import { compileResponseSchema } from '../support/openapi';

let t: TestContext;
let c: TestCatalogue;

beforeAll(async () => {
  t = await createTestContext();
  c = await seedCatalogue(t.db.pool);
  const plant = (publicId: string, days: number, extra: Partial<Parameters<typeof plantRequest>[1]> = {}) =>
    plantRequest(t.db.pool, { serviceId: c.pothole, publicId, requestedAt: daysAgo(days), ...extra });
  await plant('2026-000001', 1, { lat: 60.4041, long: 25.1043, title: 'Kuoppa torilla', address: 'Kauppakaari 1' });
  await plant('2026-000002', 2, { lat: 60.405, long: 25.106, description: 'Syvä kuoppa suojatiellä Kauppakaarella' });
  await plant('2026-000003', 3, { lat: 60.43, long: 25.08, statusNotes: 'Korjattu 12.11.' });
  await plant('2026-000004', 4, { lat: 60.4042, long: 25.1044, status: 'closed' });
  await plant('2026-000005', 5, { lat: 60.4041, long: 25.1043, visibility: 'pending', email: 'secret@example.fi' });
  await plant('2026-000006', 6, { lat: 60.4041, long: 25.1043, consent: false });
  await plant('2026-000007', 200, {});
  await plantRequest(t.db.pool, { serviceId: c.health, publicId: '2026-000008', lat: 60.4041, long: 25.1043 });
  await t.db.pool.query(
    `INSERT INTO request_event (request_id, kind, public, status, detailed_status, note, actor)
     SELECT id, 'note', false, 'open', 'IN_PROCESS', 'SISÄINEN-MUISTIINPANO', 'handler' FROM service_request
      WHERE public_id = '2026-000003'`,
  );
  await t.db.pool.query(
    `INSERT INTO request_event (request_id, kind, public, status, detailed_status, note, actor)
     SELECT id, 'status_changed', true, 'closed', 'PROCESSED', 'Korjattu 12.11.', 'handler' FROM service_request
      WHERE public_id = '2026-000003'`,
  );
});
afterAll(() => t.close());

const PRIVATE_MARKERS = ['2026-000005', '2026-000006', '2026-000008', 'secret@example.fi', 'SISÄINEN-MUISTIINPANO'];

describe('GET requests.geojson', () => {
  it('when asked with the same filters as requests.json, then the same requests come as a valid FeatureCollection', async () => {
    const query = 'status=open&service_code=101';
    const geo = await t.api.get(`/open311/v2/requests.geojson?${query}`);
    expect(geo.status).toBe(200);
    expect(geo.headers['content-type']).toBe('application/geo+json; charset=utf-8');
    const validate = compileResponseSchema('getRequestsGeoJson', 200, 'application/geo+json');
    expect(validate(JSON.parse(geo.text))).toBe(true);
    expect(() => checkGeoJson(geo.text)).not.toThrow();
    const list = await getBoth(t.api, '/open311/v2/requests', query, 'getRequests');
    const ids = (list.json as { service_request_id: string }[]).map((r) => r.service_request_id);
    const body = JSON.parse(geo.text) as { features: { id: string; geometry: unknown; properties: object }[] };
    expect(body.features.map((f) => f.id)).toEqual(ids);
    expect(geo.headers['x-result-count']).toBe(list.headers['x-result-count']);
    const first = body.features.find((f) => f.id === '2026-000001');
    expect(first?.geometry).toEqual({ type: 'Point', coordinates: [25.1043, 60.4041] });
    expect(first?.properties).not.toHaveProperty('lat');
    expect(first?.properties).toMatchObject({ service_request_id: '2026-000001', address: 'Kauppakaari 1' });
  });

  it('when non-public requests exist, then they are not features and no private text leaks', async () => {
    const geo = await t.api.get('/open311/v2/requests.geojson?extensions=true');
    for (const marker of PRIVATE_MARKERS) expect(geo.text).not.toContain(marker);
    expect(() => checkGeoJson(geo.text)).not.toThrow();
  });

  it('when a request has no location, then its geometry is null and the collection stays valid', async () => {
    const geo = await t.api.get(
      '/open311/v2/requests.geojson?start_date=' + daysAgo(201) + '&end_date=' + daysAgo(199),
    );
    const body = JSON.parse(geo.text) as { features: { id: string; geometry: unknown }[] };
    expect(body.features).toEqual([expect.objectContaining({ id: '2026-000007', geometry: null })]);
    expect(() => checkGeoJson(geo.text)).not.toThrow();
  });

  it('when a filter is bad, then 400 as a JSON GeoReport error; another .geojson path is 404', async () => {
    const bad = await t.api.get('/open311/v2/requests.geojson?bbox=1,2,3');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual([{ code: 400, description: expect.stringContaining('bbox') }]);
    expect((await t.api.get('/open311/v2/services.geojson')).status).toBe(404);
  });
});

type FeedItem = {
  'content:encoded'?: string;
  title?: string;
  link?: string;
  guid?: string;
  id?: string;
  content?: string;
  categories?: unknown[];
};

describe('RSS and Atom feeds', () => {
  const parser = new Parser<object, FeedItem & { point?: string }>({
    customFields: { item: [['georss:point', 'point']] },
  });

  it.each(['rss', 'atom'])(
    'when the %s feed is read, then a feed parser reads the newest public requests with GeoRSS points',
    async (kind) => {
      const response = await t.api.get(`/feeds/requests.${kind}`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toContain(
        kind === 'rss' ? 'application/rss+xml' : 'application/atom+xml',
      );
      expect(response.text).toContain('xmlns:georss="http://www.georss.org/georss"');
      const feed = await parser.parseString(response.text);
      expect(feed.title).toBe('Testikaupunki test.fi: palautteet');
      const links = feed.items.map((item) => item.link);
      expect(links).toEqual(
        ['2026-000001', '2026-000002', '2026-000003', '2026-000004', '2026-000007'].map(
          (id) => `http://palaute.test/requests/${id}`,
        ),
      );
      expect(feed.items[0].title).toBe('Kuoppa torilla');
      expect(feed.items[0].point).toBe('60.4041 25.1043');
      const answered = feed.items[2];
      expect(answered['content:encoded'] ?? answered.content).toContain('Korjattu 12.11.');
      for (const marker of PRIVATE_MARKERS) expect(response.text).not.toContain(marker);
    },
  );

  it('when a service and a bbox are given, then only those requests; the locale changes the wording', async () => {
    const response = await t.api.get(
      `/feeds/requests.rss?service_code=${'101'}&bbox=25.10,60.40,25.11,60.41&locale=sv`,
    );
    const feed = await parser.parseString(response.text);
    expect(feed.title).toMatch(/^Teststad test.fi: respons – /);
    expect(feed.items.map((item) => item.link?.match(/(\d{4}-\d{6})/)?.[1])).toEqual([
      '2026-000001',
      '2026-000002',
      '2026-000004',
    ]);
  });

  it('when more than 20 public requests exist, then the feed holds the 20 newest', async () => {
    for (let i = 10; i < 35; i += 1) {
      await plantRequest(t.db.pool, { serviceId: c.litter, publicId: `2026-0000${i}`, requestedAt: daysAgo(0.01 * i) });
    }
    const feed = await parser.parseString((await t.api.get(`/feeds/requests.atom?service_code=${'102'}`)).text);
    expect(feed.items).toHaveLength(20);
    expect(feed.items[0].link).toContain('2026-000010');
  });

  it('when an unknown parameter or a bad bbox is given, then 400 naming it', async () => {
    const unknown = await t.api.get('/feeds/requests.rss?status=open');
    expect(unknown.status).toBe(400);
    expect(unknown.body[0].description).toContain('status');
    expect((await t.api.get('/feeds/requests.atom?bbox=x')).status).toBe(400);
    expect((await t.api.get('/feeds/requests.rss?service_code=nope')).status).toBe(404);
  });
});

describe('GET similar ("has this been reported already?")', () => {
  it('when a point is near open public requests of the service, then they come ranked by distance', async () => {
    const both = await getBoth(
      t.api,
      '/open311/v2/similar',
      `service_code=${'101'}&lat=60.4041&long=25.1043`,
      'getSimilarRequests',
    );
    const ids = (both.json as { service_request_id: string; distance: number }[]).map((r) => r.service_request_id);
    // 000004 is closed, 000005/6 are not public, 000003 is 3 km away.
    expect(ids).toEqual(['2026-000001', '2026-000002']);
    const [nearest] = both.json as { distance: number; similarity: null; score: number }[];
    expect(nearest.distance).toBe(0);
    expect(nearest.similarity).toBeNull();
    expect(nearest.score).toBe(1);
  });

  it('when text is given, then trigram similarity can outrank a slightly nearer request', async () => {
    const query = `service_code=${'101'}&lat=60.4045&long=25.1050&radius=300&description=${encodeURIComponent('syvä kuoppa suojatiellä')}`;
    const response = await t.api.get(`/open311/v2/similar.json?${query}`);
    expect(response.status).toBe(200);
    expect(response.body[0]).toMatchObject({ service_request_id: '2026-000002' });
    expect(response.body[0].similarity).toBeGreaterThan(response.body[1].similarity);
    for (const marker of PRIVATE_MARKERS) expect(JSON.stringify(response.body)).not.toContain(marker);
  });

  it.each([
    ['', 400, 'service_code is required'],
    [`service_code=${'nope'}&lat=60&long=25`, 404, 'service_code'],
    ['service_code=X&lat=95&long=25', 400, 'lat'],
  ])('when asked with "%s", then %i naming the problem', async (query, status, text) => {
    const q = query.replace('service_code=X', `service_code=${'101'}`);
    const response = await t.api.get(`/open311/v2/similar.xml?${q}`);
    expect(response.status).toBe(status);
    expect(response.text).toContain(text);
  });
});
