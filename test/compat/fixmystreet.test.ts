/**
 * mySociety FixMyStreet as an Open311 client of our server (mysociety/fixmystreet,
 * perllib/Open311.pm, Open311/PopulateServiceList.pm, Open311/GetServiceRequests.pm; commits in
 * docs/clients.md). It talks XML only, parses every answer with XML::Simple under fixed
 * options (emulated by fixMyStreetXml), sends form-urlencoded POSTs with jurisdiction_id and
 * api_key in the body, and parses datetimes with DateTime::Format::W3CDTF. Updates are fetched as
 * Open311::UpdatesBase / GetServiceRequestUpdates do (mysociety/fixmystreet perllib/Open311/
 * UpdatesBase.pm at ac60c41403ea11113a02d20327305e1592be90c6, GetServiceRequestUpdates.pm at
 * 970be3512091f60e988997b674f1aca320481f22).
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
import { recordEvent } from '../../src/repositories/admin/events';
import { withTransaction } from '../../src/repositories/transaction';
import { createApiKey, daysAgo, plantRequest } from '../support/factories';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue, type TestCatalogue } from '../support/catalogue';

const BASE = '/open311/v2';

/** One municipality of its own per test: FixMyStreet always sends jurisdiction_id, and every list is per municipality. */
type City = {
  jurisdiction: string;
  services: TestCatalogue;
  /** Public ids of the reports plantReports() creates: 30 min old, 40 min old and closed, two days old. */
  ids: { recent: string; closed: string; old: string };
};

let t: TestContext;
let key: string;
let cityCount = 0;
let city: City;

async function openCity(): Promise<City> {
  cityCount += 1;
  const n = String(cityCount).padStart(2, '0');
  const jurisdiction = `fms-${n}.test.fi`;
  const services = await seedCatalogue(t.db.pool, jurisdiction);
  return { jurisdiction, services, ids: { recent: `2020-8${n}01`, closed: `2020-8${n}02`, old: `2020-8${n}03` } };
}

/** Three located reports in the current test's municipality, for the tests that read lists. */
async function plantReports(): Promise<void> {
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60000).toISOString();
  const { jurisdiction, services, ids } = city;
  await plantRequest(t.db.pool, {
    jurisdictionId: jurisdiction,
    serviceId: services.pothole,
    publicId: ids.recent,
    requestedAt: minutesAgo(30),
    lat: 60.4041,
    long: 25.1043,
    address: 'Kauppakaari 11',
  });
  await plantRequest(t.db.pool, {
    jurisdictionId: jurisdiction,
    serviceId: services.litter,
    publicId: ids.closed,
    requestedAt: minutesAgo(40),
    lat: 60.41,
    long: 25.12,
    status: 'closed',
    statusNotes: 'Siivottu.',
  });
  await plantRequest(t.db.pool, {
    jurisdictionId: jurisdiction,
    serviceId: services.litter,
    publicId: ids.old,
    requestedAt: daysAgo(2),
    lat: 60.39,
    long: 25.08,
  });
}

beforeAll(async () => {
  t = await createTestContext();
  key = await createApiKey(t.db.pool, 'FixMyStreet');
});
// Every test starts in an empty municipality and creates what it reads, so tests pass alone
// and in any order.
beforeEach(async () => {
  city = await openCity();
});
afterAll(() => t.close());

/** Open311->_request GET: jurisdiction_id (when configured) added to the query string. */
async function fmsGet(path: string, params: [string, string][] = []): Promise<{ status: number; obj: Dynamic }> {
  const query = formEncode([...params, ['jurisdiction_id', city.jurisdiction]], PERL_URI_SAFE);
  const response = await t.api.get(`${BASE}/${path}?${query}`);
  return { status: response.status, obj: fixMyStreetXml(response.text) };
}

/** Open311->_request POST: HTTP::Request::Common POST, urlencoded, jurisdiction_id + api_key in the body. */
async function fmsPost(
  params: [string, string][],
  apiKey = key,
): Promise<{ status: number; text: string; obj: Dynamic }> {
  const body = formEncode([...params, ['jurisdiction_id', city.jurisdiction], ['api_key', apiKey]], PERL_URI_SAFE);
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

/** Open311->map_state; a body's `send_extended_statuses` keeps `closed` apart from fixed. */
function mapState(status: string, extendedStatuses = false): string {
  const incoming = status.toLowerCase().replace(/_/g, ' ');
  const map: Record<string, string> = {
    fixed: 'fixed - council',
    'not councils responsibility': 'not responsible',
    'no further action': 'unable to fix',
    open: 'confirmed',
    closed: extendedStatuses ? 'closed' : 'fixed - council',
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
    await plantReports();
    const end = new Date();
    const start = new Date(end.getTime() - 3600 * 1000);
    const window = { start_date: formatW3cdtfUtc(start), end_date: formatW3cdtfUtc(end) };
    const { status, obj } = await fmsGet('requests.xml', [
      ['start_date', window.start_date],
      ['end_date', window.end_date],
    ]);
    expect(status).toBe(200);
    const requests = asList(dig(obj, 'request'), '$requests->{request}').map((r) => asHash(r, 'request'));
    const ids = requests.map((r) => r.service_request_id);
    expect(ids).toEqual(expect.arrayContaining([city.ids.recent, city.ids.closed]));
    expect(ids).not.toContain(city.ids.old);
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
    expect(states).toEqual({ [city.ids.recent]: 'confirmed', [city.ids.closed]: 'fixed - council' });
  });

  it('when it asks for report_ids as a comma list, then exactly those reports come back', async () => {
    await plantReports();
    const { status, obj } = await fmsGet('requests.xml', [
      ['service_request_id', `${city.ids.recent},${city.ids.old}`],
    ]);
    expect(status).toBe(200);
    const ids = asList(dig(obj, 'request'), 'request').map((r) => dig(r, 'service_request_id'));
    expect(ids.sort()).toEqual([city.ids.recent, city.ids.old]);
  });

  it('when any report list is read, then every datetime parses with W3CDTF and carries a zone', async () => {
    await plantReports();
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

// ------------------------------------------------------------------ updates (mySociety extension)

/** FixMyStreet::DB::Result::Problem->visible_states with the default State rows. */
const VISIBLE_STATES = new Set([
  'confirmed',
  'investigating',
  'in progress',
  'planned',
  'action scheduled',
  'fixed',
  'fixed - council',
  'fixed - user',
  'unable to fix',
  'not responsible',
  'duplicate',
  'closed',
  'internal referral',
]);
const FIXED_STATES = new Set(['fixed', 'fixed - council', 'fixed - user']);

type Comment = { externalId: string; text: string; problemState: string | null; created: number; hidden: boolean };
type Problem = { state: string; whensent: number; lastupdate: number; comments: Comment[] };

/**
 * One `process_body` run of Open311::GetServiceRequestUpdates for a body whose reports are
 * `problems` (keyed by external_id): the last 2 hours in W3CDTF UTC, api_key in the query,
 * `check_date`, `find_problem`, de-duplication on update_id, then `process_update` without
 * response templates. Returns what it saw so tests can check nothing was dropped.
 */
async function fetchUpdates(problems: Map<string, Problem>, extendedStatuses: boolean) {
  const end = new Date();
  const args = [formatW3cdtfUtc(new Date(end.getTime() - 2 * 3600 * 1000)), formatW3cdtfUtc(end)];
  const { status, obj } = await fmsGet('servicerequestupdates.xml', [
    ['api_key', key],
    ['start_date', args[0]],
    ['end_date', args[1]],
  ]);
  expect(status).toBe(200); // $open311->success
  const requests = dig(obj, 'request_update') === undefined ? [] : asList(dig(obj, 'request_update'), 'request_update');
  const seen = { updates: requests.length, inWindow: 0, created: [] as Comment[] };
  for (const request of requests.map((r) => asHash(r, 'request_update'))) {
    if (request.update_id === undefined || request.update_id === null) continue;
    const time = parseW3cdtf(String(request.updated_datetime ?? ''));
    if (time === null) continue;
    const updated = formatW3cdtfUtc(new Date(time.epochMs));
    if (updated < args[0] || updated > args[1]) continue;
    seen.inWindow += 1;
    const p = problems.get(String(request.service_request_id ?? ''));
    if (p === undefined || p.comments.some((c) => c.externalId === request.update_id)) continue;
    const state = mapState(String(request.status), extendedStatuses);
    const oldState = p.state;
    const created = time.epochMs <= p.whensent ? p.whensent + 1000 : time.epochMs;
    const text = typeof request.description === 'string' ? request.description : '';
    let problemState: string | null = null;
    if (VISIBLE_STATES.has(state) && !(FIXED_STATES.has(p.state) && FIXED_STATES.has(state))) {
      problemState = state;
      if (p.state !== state && (created >= p.lastupdate || p.comments.length === 0)) p.state = state;
    }
    const hidden = !(text !== '' || (problemState !== null && state !== oldState));
    const comment = { externalId: String(request.update_id), text, problemState, created, hidden };
    p.comments.push(comment);
    p.lastupdate = created;
    seen.created.push(comment);
  }
  return seen;
}

describe('FixMyStreet mirrors answers (Open311::GetServiceRequestUpdates->process_body)', () => {
  const INTERNAL = 'Sisäinen: urakoitsijan puhelin 040 111 2222';
  const answer = async (publicId: string, kind: string, detailedStatus: 'IN_PROCESS' | 'PROCESSED', note: string) => {
    const { rows } = await t.db.pool.query<{ id: string }>('SELECT id FROM service_request WHERE public_id = $1', [
      publicId,
    ]);
    const base = { requestId: rows[0].id, handlerId: null, note };
    return withTransaction(t.db.pool, async (client) => {
      const id = await recordEvent(client, { ...base, kind, public: true, detailedStatus });
      await recordEvent(client, { ...base, kind: 'note', public: false, note: INTERNAL });
      return id;
    });
  };
  const newProblem = (): Problem => ({
    state: 'confirmed',
    whensent: Date.now() - 60000,
    lastupdate: Date.now() - 60000,
    comments: [],
  });

  /** A report FixMyStreet sent and that was answered twice, plus an answer to a report it never sent. */
  async function answeredReport(): Promise<string> {
    await plantReports();
    const { status, obj } = await fmsPost([
      [
        'description',
        'Roskia puistossa\n\nPenkin vieressä on rikottuja pulloja.\n\nhttps://fms.example.fi/report/77\n',
      ],
      ['service_code', '102'],
      ['first_name', 'Maija'],
      ['last_name', 'Meikäläinen'],
      ['email', 'maija@example.invalid'],
      ['lat', '60.404100'],
      ['long', '25.104300'],
    ]);
    expect(status).toBe(200);
    const reportId = String(dig(obj, 'request', 0, 'service_request_id'));
    await answer(reportId, 'status_changed', 'IN_PROCESS', 'Otettu käsittelyyn.');
    await answer(reportId, 'status_changed', 'PROCESSED', 'Roskat on kerätty.');
    await answer(city.ids.recent, 'answered', 'IN_PROCESS', 'Vastaus raporttiin, jota FixMyStreet ei tunne.');
    return reportId;
  }

  it('when a body without extended statuses fetches the last 2 hours, then both answers become comments and the report ends fixed', async () => {
    const reportId = await answeredReport();
    const problems = new Map([[reportId, newProblem()]]);
    const seen = await fetchUpdates(problems, false);
    expect(seen.inWindow).toBe(seen.updates); // every update parses and is in the window it asked for
    expect(seen.updates).toBeGreaterThanOrEqual(3);
    expect(seen.created.map((c) => [c.text, c.problemState, c.hidden])).toEqual([
      ['Otettu käsittelyyn.', 'in progress', false],
      ['Roskat on kerätty.', 'fixed - council', false],
    ]);
    expect(problems.get(reportId)?.state).toBe('fixed - council');
  });

  it('when the next run overlaps the same 2 hours, then update_id de-duplicates and no comment is added twice', async () => {
    const reportId = await answeredReport();
    const problems = new Map([[reportId, newProblem()]]);
    await fetchUpdates(problems, false);
    const again = await fetchUpdates(problems, false);
    expect(again.updates).toBeGreaterThanOrEqual(3);
    expect(again.created).toEqual([]);
    expect(problems.get(reportId)?.comments).toHaveLength(2);
  });

  it('when a body with extended statuses fetches, then a handled report is closed, not claimed fixed', async () => {
    const reportId = await answeredReport();
    const problems = new Map([[reportId, newProblem()]]);
    await fetchUpdates(problems, true);
    expect(problems.get(reportId)?.comments.map((c) => c.problemState)).toEqual(['in progress', 'closed']);
    expect(problems.get(reportId)?.state).toBe('closed');
  });

  it('when any update is read, then its status maps to a visible FixMyStreet state and no internal note leaks', async () => {
    await answeredReport();
    const { obj } = await fmsGet('servicerequestupdates.xml', [['api_key', key]]);
    const updates = asList(dig(obj, 'request_update'), 'request_update').map((u) => asHash(u, 'request_update'));
    for (const update of updates) {
      expect(VISIBLE_STATES.has(mapState(String(update.status), true))).toBe(true);
      expect(typeof update.update_id).toBe('string');
      expect(update.media_url).toBeNull(); // `add_media(...) if $request->{media_url}`: nothing to download
    }
    expect(updates.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(updates)).not.toContain('Sisäinen');
  });

  it('when the window holds no updates, then the answer parses to no request_update at all', async () => {
    await answeredReport(); // answers exist, just not in the window asked for
    const { status, obj } = await fmsGet('servicerequestupdates.xml', [
      ['api_key', ''],
      ['start_date', '2020-01-01T00:00:00Z'],
      ['end_date', '2020-01-01T02:00:00Z'],
    ]);
    expect(status).toBe(200);
    expect(dig(obj, 'request_update')).toBeUndefined();
  });
});
