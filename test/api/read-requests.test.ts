import { daysAgo, plantRequest } from '../support/factories';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue, type TestCatalogue } from '../support/catalogue';
import { getBoth } from '../support/http';
import { countCache } from '../../src/domain/count-cache';
import type { RequestFilter } from '../../src/domain/request-filter';
import { listPublicRequests } from '../../src/repositories/public-requests-repository';

type Out = {
  service_request_id: string;
  status: string;
  service_code: string;
  service_name: string;
  lat: number | null;
  long: number | null;
  extended_attributes?: {
    title: string | null;
    detailed_status: string;
    media_urls: string[];
    log: { status: string; note: string | null }[];
    distance?: number;
  };
};

let t: TestContext;
let s: TestCatalogue;
const ids = (body: unknown) => (body as Out[]).map((r) => r.service_request_id);

beforeAll(async () => {
  t = await createTestContext();
  s = await seedCatalogue(t.db.pool);
  const pool = t.db.pool;
  // Kerava centre is about 60.403 N, 25.105 E.
  await plantRequest(pool, {
    serviceId: s.pothole,
    publicId: '2026-000001',
    requestedAt: daysAgo(1),
    lat: 60.403,
    long: 25.105,
    description: 'Kuoppa Kauppakaaren suojatiellä',
    title: 'Kuoppa',
  });
  await plantRequest(pool, {
    serviceId: s.litter,
    publicId: '2026-000002',
    requestedAt: daysAgo(2),
    lat: 60.41,
    long: 25.12,
    status: 'closed',
    statusNotes: 'Siivottu.',
  });
  await plantRequest(pool, {
    serviceId: s.litter,
    publicId: '2026-000003',
    requestedAt: daysAgo(10),
    lat: 60.385,
    long: 25.075,
    address: 'Asemantie 5',
  });
  await plantRequest(pool, {
    serviceId: s.general,
    publicId: '2026-000004',
    requestedAt: daysAgo(30),
    updatedAt: daysAgo(0.5),
  });
  await plantRequest(pool, {
    serviceId: s.pothole,
    publicId: '2025-000005',
    requestedAt: daysAgo(120),
    lat: 60.4031,
    long: 25.1051,
  });
  await pool.query(`INSERT INTO request_event (request_id, created_at, kind, public, status, detailed_status, note, actor)
                    SELECT id, now(), 'status', true, 'closed', 'PROCESSED', 'Siivottu.', 'handler-7' FROM service_request WHERE public_id = '2026-000002'`);
  await pool.query(`INSERT INTO request_event (request_id, created_at, kind, public, note, actor)
                    SELECT id, now(), 'note', false, 'SISÄINEN MUISTIINPANO', 'handler-7' FROM service_request WHERE public_id = '2026-000002'`);
});
afterAll(() => t.close());

describe('GET requests: defaults and filters', () => {
  it('when no filter is given, then the last 90 days come newest first with paging headers', async () => {
    const { json, headers } = await getBoth(t.api, '/open311/v2/requests', '', 'getRequests');
    expect(ids(json)).toEqual(['2026-000001', '2026-000002', '2026-000003', '2026-000004']);
    expect(headers).toMatchObject({ 'x-result-count': '4', 'x-page': '1', 'x-page-count': '1', 'x-page-size': '1000' });
  });

  it('when service_request_id is given, then it overrides the other filters, including the date window', async () => {
    const { json } = await getBoth(
      t.api,
      '/open311/v2/requests',
      'service_request_id=2025-000005,2026-000002&status=open&service_code=200',
      'getRequests',
    );
    expect(ids(json)).toEqual(['2026-000002', '2025-000005']);
  });

  it.each([
    ['service_code=102', ['2026-000002', '2026-000003']],
    ['service_code=101,200', ['2026-000001', '2026-000004']],
    ['status=closed', ['2026-000002']],
    ['status=open,closed', ['2026-000001', '2026-000002', '2026-000003', '2026-000004']],
    ['status=', ['2026-000001', '2026-000002', '2026-000003', '2026-000004']],
    [`start_date=${daysAgo(130).slice(0, 10)}&end_date=${daysAgo(50).slice(0, 10)}`, ['2025-000005']],
    [`start_date=${encodeURIComponent(daysAgo(5))}`, ['2026-000001', '2026-000002']],
    [`updated_after=${encodeURIComponent(daysAgo(1))}`, ['2026-000001', '2026-000004']],
    [`updated_before=${encodeURIComponent(daysAgo(1.5))}`, ['2026-000002', '2026-000003', '2025-000005']],
    ['bbox=25.10,60.40,25.11,60.41', ['2026-000001']],
    ['bbox=25.11;60.41;25.10;60.40', ['2026-000001']],
    ['lat=60.4030&long=25.1050&radius=100', ['2026-000001']],
    ['lat=60.4030&long=25.1050&radius=2000', ['2026-000001', '2026-000002']],
    ['search=kauppakaaren', ['2026-000001']],
    ['q=ASEMANTIE', ['2026-000003']],
    ['q=100%25', []],
    ['jurisdiction_id=test.fi&page_size=2&page=2', ['2026-000003', '2026-000004']],
    ['per_page=3', ['2026-000001', '2026-000002', '2026-000003']],
  ])('when filtered by %s, then exactly %o match', async (query, expected) => {
    const { json } = await getBoth(t.api, '/open311/v2/requests', query, 'getRequests');
    expect(ids(json)).toEqual(expected);
  });

  it('when paging, then the headers say how many and link the neighbours', async () => {
    const { headers } = await getBoth(t.api, '/open311/v2/requests', 'page_size=1&page=2', 'getRequests');
    expect(headers).toMatchObject({ 'x-result-count': '4', 'x-page-count': '4', 'x-page': '2' });
    expect(headers['x-next-page-url']).toBe('http://palaute.test/open311/v2/requests.json?page_size=1&page=3');
    expect(headers['x-previous-page-url']).toBe('http://palaute.test/open311/v2/requests.json?page_size=1&page=1');
  });

  it.each([
    ['start_date=2026-01-01&end_date=2026-06-01', 400, 'at most 90 days'],
    [`start_date=${daysAgo(200).slice(0, 10)}`, 400, 'at most 90 days'],
    ['start_date=yesterday', 400, 'start_date "yesterday" is not a W3C datetime'],
    ['end_date=2026-02-30', 400, 'is not a real date'],
    ['start_date=2026-05-02T10:00:00', 400, 'with a time zone'],
    ['start_date=2026-05-02&end_date=2026-05-01', 400, 'end_date is before start_date'],
    ['status=pending', 400, 'status "pending" is not open or closed'],
    ['service_code=999', 404, 'service_code "999"'],
    ['bbox=1,2,3', 400, 'bbox must be four numbers'],
    ['bbox=25,60,200,61', 400, 'bbox longitude'],
    ['lat=60.4&long=25.1', 400, 'lat, long and radius must be given together'],
    ['lat=60.4&long=25.1&radius=0', 400, 'radius must be a number of metres'],
    ['lat=north&long=25.1&radius=10', 400, 'lat must be a decimal number'],
    ['page=0', 400, 'page must be a whole number'],
    ['page_size=1001', 400, 'page_size must be a whole number from 1 to 1000'],
    ['search=x', 400, 'search must be 2 to 200 characters'],
    ['jurisdiction_id=nowhere.fi', 404, 'nowhere.fi'],
  ])('when asked %s, then %i naming the problem in both formats', async (query, status, text) => {
    const { json } = await getBoth(t.api, '/open311/v2/requests', query, 'getRequests', status);
    expect(json).toEqual([{ code: status, description: expect.stringContaining(text) }]);
  });
});

describe('GET requests: fields and extensions', () => {
  it('when read without extensions, then core fields only, with string ids and numeric coordinates', async () => {
    const { json } = await getBoth(t.api, '/open311/v2/requests/2026-000001', 'locale=en', 'getRequest');
    expect(json).toEqual([
      {
        service_request_id: '2026-000001',
        status: 'open',
        status_notes: null,
        service_name: 'Potholes',
        service_code: '101',
        description: 'Kuoppa Kauppakaaren suojatiellä',
        agency_responsible: null,
        service_notice: null,
        requested_datetime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        updated_datetime: expect.any(String),
        expected_datetime: null,
        address: null,
        address_id: null,
        zipcode: null,
        lat: 60.403,
        long: 25.105,
        media_url: null,
      },
    ]);
  });

  it('when extensions=true, then extended_attributes is added and every core field stays the same', async () => {
    const core = (await getBoth(t.api, '/open311/v2/requests/2026-000002', '', 'getRequest')).json as Out[];
    const extended = (await getBoth(t.api, '/open311/v2/requests/2026-000002', 'extensions=true', 'getRequest'))
      .json as Out[];
    const { extended_attributes: ext, ...rest } = extended[0];
    expect(rest).toEqual(core[0]);
    expect(ext).toEqual({
      title: null,
      detailed_status: 'PROCESSED',
      status_descriptive_name: 'Käsitelty',
      media_urls: [],
      log: [
        { time: expect.any(String), status: 'RECEIVED', note: null },
        { time: expect.any(String), status: 'PROCESSED', note: 'Siivottu.' },
      ],
    });
  });

  it('when a radius search asks for extensions, then each request carries its distance in metres', async () => {
    const { json } = await getBoth(
      t.api,
      '/open311/v2/requests',
      'lat=60.4030&long=25.1050&radius=2000&extensions=true',
      'getRequests',
    );
    const distances = (json as Out[]).map((r) => r.extended_attributes?.distance);
    expect(distances[0]).toBe(0);
    expect(distances[1]).toBeGreaterThan(1050);
    expect(distances[1]).toBeLessThan(1250);
  });

  it('when a radius search shows no extensions, then its rows are read without measuring their distance', async () => {
    const filter: RequestFilter = {
      jurisdictionId: 'test.fi',
      ids: null,
      serviceIds: null,
      statuses: null,
      requestedFrom: null,
      requestedTo: null,
      updatedAfter: null,
      updatedBefore: null,
      bbox: null,
      near: { lat: 60.403, long: 25.105, radius: 2000 },
      text: null,
      page: 1,
      pageSize: 100,
    };
    const read = (distance: boolean) => listPublicRequests(t.db.pool, filter, countCache(0), { distance });
    const [core, extended] = [await read(false), await read(true)];
    expect(core.rows.map((row) => row.public_id)).toEqual(extended.rows.map((row) => row.public_id));
    expect(core.rows.length).toBeGreaterThan(1);
    expect(core.rows.filter((row) => row.distance !== undefined)).toEqual([]);
    expect(extended.rows.map((row) => row.distance)[0]).toBe(0);
  });

  it('when a request id is unknown, then 404 in both formats', async () => {
    const { json } = await getBoth(t.api, '/open311/v2/requests/2026-999999', '', 'getRequest', 404);
    expect(json).toEqual([{ code: 404, description: 'service_request_id "2026-999999" was not found' }]);
  });
});
