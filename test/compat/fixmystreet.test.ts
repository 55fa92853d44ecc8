/**
 * mySociety FixMyStreet as an Open311 client of our server (mysociety/fixmystreet,
 * perllib/Open311.pm, Open311/PopulateServiceList.pm, Open311/GetServiceRequests.pm; commits in
 * vendor/README.md). It talks XML only, parses every answer with XML::Simple under fixed
 * options (emulated by fixMyStreetXml), sends form-urlencoded POSTs with jurisdiction_id and
 * api_key in the body, and parses datetimes with DateTime::Format::W3CDTF.
 */
import {
  asHash,
  asList,
  dig,
  fixMyStreetXml,
  formatW3cdtfUtc,
  formEncode,
  isHash,
  parseW3cdtf,
  PERL_URI_SAFE,
  type Dynamic,
} from './client-parsers';
import { createApiKey, daysAgo, plantRequest } from '../support/factories';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue } from '../support/catalogue';

const BASE = '/open311/v2';
const JURISDICTION = 'test.fi';

let t: TestContext;
let key: string;

beforeAll(async () => {
  t = await createTestContext();
  const s = await seedCatalogue(t.db.pool, JURISDICTION);
  key = await createApiKey(t.db.pool, 'FixMyStreet');
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60000).toISOString();
  await plantRequest(t.db.pool, {
    serviceId: s.pothole,
    publicId: '2020-800001',
    requestedAt: minutesAgo(30),
    lat: 60.4041,
    long: 25.1043,
    address: 'Kauppakaari 11',
  });
  await plantRequest(t.db.pool, {
    serviceId: s.litter,
    publicId: '2020-800002',
    requestedAt: minutesAgo(40),
    lat: 60.41,
    long: 25.12,
    status: 'closed',
    statusNotes: 'Siivottu.',
  });
  await plantRequest(t.db.pool, {
    serviceId: s.litter,
    publicId: '2020-800003',
    requestedAt: daysAgo(2),
    lat: 60.39,
    long: 25.08,
  });
});
afterAll(() => t.close());

/** Open311->_request GET: jurisdiction_id (when configured) added to the query string. */
async function fmsGet(path: string, params: [string, string][] = []): Promise<{ status: number; obj: Dynamic }> {
  const query = formEncode([...params, ['jurisdiction_id', JURISDICTION]], PERL_URI_SAFE);
  const response = await t.api.get(`${BASE}/${path}?${query}`);
  return { status: response.status, obj: fixMyStreetXml(response.text) };
}

/** Open311->_request POST: HTTP::Request::Common POST, urlencoded, jurisdiction_id + api_key in the body. */
async function fmsPost(
  params: [string, string][],
  apiKey = key,
): Promise<{ status: number; text: string; obj: Dynamic }> {
  const body = formEncode([...params, ['jurisdiction_id', JURISDICTION], ['api_key', apiKey]], PERL_URI_SAFE);
  const response = await t.api
    .post(`${BASE}/requests.xml`)
    .set('Content-Type', 'application/x-www-form-urlencoded')
    .send(body);
  return { status: response.status, text: response.text, obj: fixMyStreetXml(response.text) };
}

/** Open311->_process_error: "code: description" per <error>, or "unknown error". */
function processError(obj: Dynamic): string {
  if (!isHash(obj) || !('error' in obj)) return 'unknown error';
  return asList(obj.error, 'error')
    .map((e) => `${String(dig(e, 'code') ?? '???')}: ${String(dig(e, 'description') ?? 'unknown error')}\n`)
    .join('');
}

/** Open311->map_state without extended_statuses. */
function mapState(status: string): string {
  const incoming = status.toLowerCase().replace(/_/g, ' ');
  const map: Record<string, string> = {
    fixed: 'fixed - council',
    'not councils responsibility': 'not responsible',
    'no further action': 'unable to fix',
    open: 'confirmed',
    closed: 'fixed - council',
  };
  return map[incoming] ?? incoming;
}

async function storedRequest(publicId: string) {
  const result = await t.db.pool.query(
    `SELECT r.attributes, r.media_urls, r.description_original, ST_Y(r.geom) AS lat, r.address, c.first_name, c.last_name, c.email, c.phone
       FROM service_request r JOIN request_contact c ON c.request_id = r.id WHERE r.public_id = $1`,
    [publicId],
  );
  return result.rows[0] as Record<string, unknown> | undefined;
}

describe('FixMyStreet imports the service list (Open311::PopulateServiceList)', () => {
  it('when it reads services.xml, then $list->{service} is a list and every service has a code, a name and metadata true/false', async () => {
    const { status, obj } = await fmsGet('services.xml');
    expect(status).toBe(200);
    const services = asList(dig(obj, 'service'), '$list->{service}').map((s) => asHash(s, 'service'));
    expect(services.map((s) => s.service_code)).toEqual(['101', '102', '103', '104', '106', '200', '900']);
    for (const service of services) {
      expect(typeof service.service_name === 'string' && service.service_name.replace(/\s+$/, '')).toMatch(/\S/);
      expect(['true', 'false']).toContain(String(service.metadata).toLowerCase());
    }
    expect(services.find((s) => s.service_code === '900')?.keywords).toBe('private');
  });

  it('when metadata is true, then services/{code}.xml gives an attributes list it can sort by order and de-colon', async () => {
    const { status, obj } = await fmsGet('services/101.xml');
    expect(status).toBe(200);
    const attributes = asList(dig(obj, 'attributes'), '$meta_data->{attributes}').map((a) => asHash(a, 'attribute'));
    const sorted = [...attributes].sort((a, b) => Number(a.order) - Number(b.order));
    expect(sorted.map((a) => a.code)).toEqual([
      'SIZE',
      'HAZARDS',
      'DEPTH_CM',
      'NOTICED',
      'LANDMARK',
      'DETAILS',
      'INFO',
    ]);
    for (const attribute of attributes) {
      expect(Number.isInteger(Number(attribute.order))).toBe(true);
      expect(typeof attribute.description).toBe('string'); // `$_->{description} =~ s/:\s*//` needs a defined string
      expect([attribute.required, attribute.variable].every((v) => v === 'true' || v === 'false')).toBe(true);
    }
    expect(sorted[0].values).toEqual([
      { key: 'small', name: 'Pieni' },
      { key: 'large', name: 'Suuri' },
    ]);
    expect(sorted.find((a) => a.code === 'INFO')?.variable).toBe('false');
  });
});

describe('FixMyStreet sends reports (Open311->send_service_request)', () => {
  const report = (serviceCode: string): [string, string][] => [
    [
      'description',
      'Kuoppa pyörätiellä\n\nSyvä kuoppa koulun kohdalla, vaarallinen pyöräilijöille & jalankulkijoille.\n\nhttps://fms.example.fi/report/42\n',
    ],
    ['service_code', serviceCode],
    ['first_name', 'Maija'],
    ['last_name', 'Meikäläinen'],
    ['email', 'maija@example.invalid'],
    ['phone', '+358 40 123 4567'],
    ['lat', '60.404100'],
    ['long', '25.104300'],
  ];

  it('when a realtime report with questions and two photos is posted, then request->[0]->{service_request_id} is the stored id', async () => {
    const { status, obj } = await fmsPost([
      ...report('101'),
      ['media_url', 'https://fms.example.fi/photo/42.0.full.jpeg'],
      ['media_url', 'https://fms.example.fi/photo/42.1.full.jpeg'],
      ['attribute[SIZE]', 'large'],
      ['attribute[HAZARDS]', 'cars'],
      ['attribute[HAZARDS]', 'bikes'],
      ['attribute[DEPTH_CM]', ''],
      ['attribute[uprn]', '100021234'],
      ['deviceid', 'fixmystreet'],
    ]);
    expect(status).toBe(200);
    const requestId = dig(obj, 'request', 0, 'service_request_id');
    expect(typeof requestId).toBe('string'); // `return $request_id unless ref $request_id`
    expect(await storedRequest(String(requestId))).toMatchObject({
      attributes: { SIZE: 'large', HAZARDS: ['cars', 'bikes'] },
      first_name: 'Maija',
      last_name: 'Meikäläinen',
      lat: 60.4041,
      media_urls: ['https://fms.example.fi/photo/42.0.full.jpeg', 'https://fms.example.fi/photo/42.1.full.jpeg'],
      description_original: expect.stringContaining(
        'vaarallinen pyöräilijöille & jalankulkijoille.\n\nhttps://fms.example.fi/report/42',
      ),
    });
  });

  it('when a report without a map pin is posted with address_string only, then it is accepted', async () => {
    const params = report('102').filter(([name]) => name !== 'lat' && name !== 'long');
    const { status, obj } = await fmsPost([...params, ['address_string', '04200']]);
    expect(status).toBe(200);
    expect(await storedRequest(String(dig(obj, 'request', 0, 'service_request_id')))).toMatchObject({
      address: '04200',
      lat: null,
    });
  });

  it('when a batch service answers with a token, then tokens/{token}.xml resolves it to the service_request_id', async () => {
    const { status, obj } = await fmsPost(report('103'));
    expect(status).toBe(200);
    expect(dig(obj, 'request', 0, 'service_request_id')).toBeUndefined();
    const token = dig(obj, 'request', 0, 'token');
    expect(typeof token).toBe('string');
    const resolved = await fmsGet(`tokens/${String(token)}.xml`);
    expect(resolved.status).toBe(200);
    const id = dig(resolved.obj, 'request', 0, 'service_request_id');
    expect(await storedRequest(String(id))).toMatchObject({ first_name: 'Maija' });
  });

  it.each([
    ['a wrong api_key', [] as [string, string][], 'not-a-key', 403, /^403: .*api_key.*\n$/],
    ['an unknown category', [['service_code', '999']] as [string, string][], '', 404, /^404: .*999.*\n$/],
    ['an unanswered required question', [] as [string, string][], '', 400, /^400: .*attribute\[SIZE\].*\n$/],
  ])(
    'when FixMyStreet sends %s, then _process_error reads "code: description" from <errors>',
    async (_label, override, apiKey, code, message) => {
      const params = report('101').filter(([name]) => !override.some(([o]) => o === name));
      const { status, obj } = await fmsPost([...params, ...override], apiKey === '' ? key : apiKey);
      expect(status).toBe(code);
      expect(processError(obj)).toMatch(message);
    },
  );
});

describe('FixMyStreet fetches reports (Open311::GetServiceRequests->create_problems)', () => {
  it('when it asks for the last hour in W3CDTF UTC, then every returned report passes its id/lat/long, date and window checks', async () => {
    const end = new Date();
    const start = new Date(end.getTime() - 3600 * 1000);
    const window = { start_date: formatW3cdtfUtc(start), end_date: formatW3cdtfUtc(end) };
    const { status, obj } = await fmsGet('requests.xml', [
      ['start_date', window.start_date],
      ['end_date', window.end_date],
    ]);
    expect(status).toBe(200);
    const requests = asList(dig(obj, 'request'), '$requests->{request}').map((r) => asHash(r, 'request'));
    // Reports POSTed by earlier tests of this file fall in the window too; the two-day-old one must not.
    const ids = requests.map((r) => r.service_request_id);
    expect(ids).toEqual(expect.arrayContaining(['2020-800001', '2020-800002']));
    expect(ids).not.toContain('2020-800003');
    for (const request of requests) {
      expect(
        [request.service_request_id, request.lat, request.long].every(
          (v) => typeof v === 'string' && v !== '' && v !== '0',
        ),
      ).toBe(true);
      const updated = parseW3cdtf(String(request.updated_datetime));
      const created = parseW3cdtf(String(request.requested_datetime));
      expect({ updated: updated?.hasZone, created: created?.hasZone }).toEqual({ updated: true, created: true });
      const updatedUtc = formatW3cdtfUtc(new Date(updated?.epochMs ?? NaN));
      expect(updatedUtc >= window.start_date && updatedUtc <= window.end_date).toBe(true);
    }
    const planted = requests.filter((r) => String(r.service_request_id).startsWith('2020-'));
    const states = Object.fromEntries(planted.map((r) => [r.service_request_id, mapState(String(r.status))]));
    expect(states).toEqual({ '2020-800001': 'confirmed', '2020-800002': 'fixed - council' });
  });

  it('when it asks for report_ids as a comma list, then exactly those reports come back', async () => {
    const { status, obj } = await fmsGet('requests.xml', [['service_request_id', '2020-800001,2020-800003']]);
    expect(status).toBe(200);
    const ids = asList(dig(obj, 'request'), 'request').map((r) => dig(r, 'service_request_id'));
    expect(ids.sort()).toEqual(['2020-800001', '2020-800003']);
  });

  it('when any report list is read, then every datetime parses with W3CDTF and carries a zone', async () => {
    const { obj } = await fmsGet('requests.xml');
    const requests = asList(dig(obj, 'request'), 'request');
    expect(requests.length).toBeGreaterThanOrEqual(3);
    for (const request of requests) {
      for (const field of ['requested_datetime', 'updated_datetime', 'expected_datetime']) {
        const value = dig(request, field);
        if (value === null && field === 'expected_datetime') continue;
        expect({ field, zoned: parseW3cdtf(String(value))?.hasZone }).toEqual({ field, zoned: true });
      }
    }
  });
});
