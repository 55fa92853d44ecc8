import { parseRequestQuery } from '../../src/domain/parse-request-query';
import { countCache } from '../../src/domain/count-cache';
import { municipalityOf } from '../../src/domain/municipality';
import { fieldsFromSearchParams } from '../../src/http/fields';
import { stripDisallowedJson } from '../../src/http/text-rules';
import { queryParams } from '../../src/http/validate-params';
import { toXml } from '../../src/http/xml';
import { presentRequest } from '../../src/open311/present-request';
import { featureCollectionText } from '../../src/open311/requests-geojson';
import { loadCatalogue } from '../../src/repositories/catalogue-repository';
import { listPublicRequests } from '../../src/repositories/public-requests-repository';
import { seedCatalogue } from '../support/catalogue';
import { createTestContext, type TestContext } from '../support/context';
import { createService, daysAgo } from '../support/factories';

/**
 * Lists without `extensions` are written by PostgreSQL (src/repositories/public-list-text.ts).
 * For every query here, each format must be the very text the presenter and the renderers
 * write for the same rows: field order, nulls, escapes, numbers and dates.
 */
let t: TestContext;

type Row = {
  publicId: string;
  service: number;
  days: number;
  status?: 'open' | 'closed';
  notes?: string | null;
  description?: string | null;
  agency?: string | null;
  notice?: string | null;
  expectedDays?: number | null;
  address?: string | null;
  addressId?: string | null;
  zipcode?: string | null;
  point?: [number, number] | null;
  links?: string[];
  visibility?: 'public' | 'hidden' | 'pending';
  consent?: boolean;
};

async function plant(row: Row): Promise<string> {
  const { rows } = await t.db.pool.query<{ id: string }>(
    `INSERT INTO service_request (public_id, jurisdiction_id, service_id, status, detailed_status, visibility,
        publication_consent, description_original, description_public, status_notes, agency_responsible,
        service_notice, requested_at, updated_at, expected_at, address, address_id, zipcode, media_urls, geom)
     VALUES ($1, 'test.fi', $2, $3, 'RECEIVED', $4, $5, coalesce($6, ''), $6, $7, $8, $9,
        now() - make_interval(days => $10::int, secs => 0.123456), now() - make_interval(days => $10::int - 1),
        CASE WHEN $11::int IS NULL THEN NULL ELSE now() + make_interval(days => $11::int) END,
        $12, $13, $14, $15,
        CASE WHEN $16::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($17::float8, $16::float8), 4326) END)
     RETURNING id`,
    [
      row.publicId,
      row.service,
      row.status ?? 'open',
      row.visibility ?? 'public',
      row.consent ?? true,
      row.description === undefined ? `Kuvaus ${row.publicId}` : row.description,
      row.notes ?? null,
      row.agency ?? null,
      row.notice ?? null,
      row.days,
      row.expectedDays ?? null,
      row.address ?? null,
      row.addressId ?? null,
      row.zipcode ?? null,
      row.links ?? [],
      row.point === undefined ? 60.4 + row.days / 1000 : (row.point?.[0] ?? null),
      row.point === undefined ? 25.1 - row.days / 1000 : (row.point?.[1] ?? null),
    ],
  );
  return rows[0].id;
}

async function photo(requestId: string, publicId: string, position: number, published: boolean): Promise<void> {
  await t.db.pool.query(
    `INSERT INTO media (public_id, request_id, position, published, content_type, bytes, width, height, storage_key, thumbnail_key)
     VALUES ($1, $2, $3, $4, 'image/jpeg', 10, 1, 1, $1, $1 || '-t')`,
    [publicId, requestId, position, published],
  );
}

beforeAll(async () => {
  t = await createTestContext();
  const s = await seedCatalogue(t.db.pool);
  const odd = await createService(t.db.pool, {
    jurisdictionId: 'test.fi',
    code: 'A&<B>"\\',
    names: { sv: 'Bara på svenska & <"citat"> 🚲' },
  });
  const unicode = 'Ääkköset, 漢字, emoji 🕳️🚧, “lainaus” – ja … sekä \u2028 ja \u00a0';
  const rows: Row[] = [
    { publicId: 'L-1', service: s.pothole, days: 1, notes: 'Korjattu "pian" & <hyvin>', status: 'closed' },
    { publicId: 'L-2', service: s.litter, days: 2, description: unicode, address: 'Kauppakaari 1 & 2' },
    { publicId: 'L-3', service: odd, days: 3, description: null, point: null, links: ['https://e.example/a?b=1&c=2'] },
    {
      publicId: 'L-4',
      service: s.pothole,
      days: 4,
      description: 'tab\there\nnew line\r\\backslash "quote" /',
      agency: 'Katu',
      notice: 'Huom!',
    },
    {
      publicId: 'L-5',
      service: s.litter,
      days: 5,
      description: 'control \u0001 and \u001f and \u007f and \ufffe',
      expectedDays: 3,
    },
    {
      publicId: 'L-6',
      service: s.general,
      days: 6,
      addressId: 'A-17',
      zipcode: '04200',
      point: [0.00001234, -0.0000005],
    },
    { publicId: 'L-7', service: s.general, days: 7, point: [1e-9, 0] },
    { publicId: 'L-8', service: s.litter, days: 8, point: [-33.123456789012, -179.99999999] },
    {
      publicId: 'L-9',
      service: s.pothole,
      days: 9,
      point: [60.000001, 25.1],
      links: ['https://a.example/1', 'https://a.example/2'],
    },
    { publicId: 'L-10', service: s.pothole, days: 10, point: [0.0001, 0.00012345678901234] },
    { publicId: 'L-11', service: s.health, days: 11 },
    { publicId: 'L-12', service: s.litter, days: 12, visibility: 'hidden' },
    { publicId: 'L-13', service: s.litter, days: 13, consent: false },
    { publicId: 'L-14', service: s.inactive, days: 14, expectedDays: -1 },
    { publicId: 'L-15', service: s.pothole, days: 15, description: '' },
  ];
  for (let i = 16; i <= 40; i++)
    rows.push({ publicId: `L-${i}`, service: i % 2 === 0 ? s.litter : s.pothole, days: i });
  const ids = new Map<string, string>();
  for (const row of rows) ids.set(row.publicId, await plant(row));
  await photo(ids.get('L-2') as string, 'P-2a', 1, true);
  await photo(ids.get('L-2') as string, 'P-2b', 2, true);
  await photo(ids.get('L-3') as string, 'P-3a', 1, false);
  await photo(ids.get('L-3') as string, 'P-3b', 2, true);
  await photo(ids.get('L-9') as string, 'P-9a', 1, false);
});
afterAll(() => t.close());

type Format = 'json' | 'xml' | 'geojson';

/** The same list the JS way: rows from the view, presentRequest, then the renderer of the format. */
async function presented(query: string, format: Format): Promise<string> {
  const fields = fieldsFromSearchParams(new URLSearchParams(query));
  const catalogue = await loadCatalogue(t.db.pool);
  const { jurisdiction, locale } = municipalityOf(catalogue, fields, '', { host: '127.0.0.1', defaultCity: null });
  const operation = format === 'geojson' ? 'getRequestsGeoJson' : 'getRequests';
  const filter = parseRequestQuery(queryParams(operation, fields), catalogue, jurisdiction);
  const { rows } = await listPublicRequests(t.db.pool, filter, countCache(0));
  const options = {
    catalogue,
    locale,
    fallback: jurisdiction.defaultLocale,
    extensions: false,
    baseUrl: t.config.publicBaseUrl,
  };
  const requests = rows.map((row) => presentRequest(row, options));
  if (format === 'xml') return toXml('service_requests', requests);
  if (format === 'geojson') return featureCollectionText(requests);
  return stripDisallowedJson(JSON.stringify(requests));
}

const QUERIES = [
  '',
  'locale=sv',
  'locale=en',
  'page_size=4',
  'page_size=4&page=3',
  'page_size=4&page=99',
  'service_code=102',
  'status=closed',
  `start_date=${daysAgo(9).slice(0, 10)}`,
  'bbox=25.05,60.39,25.2,60.42',
  'lat=60.41&long=25.09&radius=3000',
  'service_request_id=L-3,L-6,L-11,L-12,nope',
];

describe.each(['json', 'xml', 'geojson'] as Format[])('a list as %s written by PostgreSQL', (format) => {
  it.each(QUERIES)('when the query is "%s", then the text is the presenter\'s, byte for byte', async (query) => {
    const response = await t.api.get(`/open311/v2/requests.${format}?${query}`).expect(200);
    expect(response.text).toBe(await presented(query, format));
  });
});

it('when the varied rows are listed, then the list holds the cases the comparison is for', async () => {
  const response = await t.api.get('/open311/v2/requests.json?locale=sv').expect(200);
  const list = response.body as Record<string, unknown>[];
  const byId = new Map(list.map((r) => [r.service_request_id, r]));
  expect(list).toHaveLength(37);
  expect(byId.has('L-12') || byId.has('L-13') || byId.has('L-11')).toBe(false);
  expect(byId.get('L-2')).toMatchObject({ media_url: 'http://palaute.test/media/P-2a.jpg' });
  expect(byId.get('L-3')).toMatchObject({
    media_url: 'http://palaute.test/media/P-3b.jpg',
    lat: null,
    service_code: 'A&<B>"\\',
  });
  expect(byId.get('L-9')).toMatchObject({ media_url: 'https://a.example/1' });
  expect(byId.get('L-5')).toMatchObject({ description: 'control  and  and \u007f and ' });
  expect(response.text).toContain('"lat":0.00001234,"long":-5e-7,');
  expect(response.text).toContain('"lat":1e-9,"long":0,');
  expect(response.text).toMatch(/"requested_datetime":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/);
});
