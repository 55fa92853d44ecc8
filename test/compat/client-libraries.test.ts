/**
 * The Ruby gem codeforamerica/open311 (lib/open311/client/*.rb) and the Python wrapper
 * codeforamerica/open311_python (open311/open311.py on Python-API-Module's xml2dict) against
 * our server: requests built the way each library builds them, answers unpacked the way each
 * unpacks them (commits in docs/clients.md).
 */
import {
  asHash,
  asList,
  dig,
  faradayNestedQuery,
  formEncode,
  PYTHON_QUOTE_PLUS_SAFE,
  pythonXml2Dict,
  rubyMultiXml,
  type Dynamic,
  type RubyParam,
} from './client-parsers';
import { createApiKey, daysAgo, plantRequest } from '../support/factories';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue } from '../support/catalogue';

const BASE = '/open311/v2';
let t: TestContext;
let key: string;

beforeAll(async () => {
  t = await createTestContext();
  const s = await seedCatalogue(t.db.pool);
  key = await createApiKey(t.db.pool, 'client libraries');
  await plantRequest(t.db.pool, {
    serviceId: s.pothole,
    publicId: '2020-700001',
    requestedAt: daysAgo(1),
    lat: 60.4041,
    long: 25.1043,
  });
  await plantRequest(t.db.pool, {
    serviceId: s.litter,
    publicId: '2020-700002',
    requestedAt: daysAgo(2),
    status: 'closed',
    statusNotes: 'Siivottu.',
  });
});
afterAll(() => t.close());

async function storedAttributes(publicId: string): Promise<unknown> {
  const result = await t.db.pool.query('SELECT attributes FROM service_request WHERE public_id = $1', [publicId]);
  return result.rows[0]?.attributes;
}

async function storedContact(publicId: string): Promise<Record<string, unknown> | undefined> {
  const result = await t.db.pool.query(
    `SELECT c.email, c.device_id, c.account_id, c.first_name, r.description_original FROM request_contact c
       JOIN service_request r ON r.id = c.request_id WHERE r.public_id = $1`,
    [publicId],
  );
  return result.rows[0] as Record<string, unknown> | undefined;
}

// --------------------------------------------------------------------------------- Ruby gem

/** Open311::Client::Request#request for GET: request.url("#{path}.#{format}", options), jurisdiction nil unless configured. */
async function rubyGet(
  path: string,
  format: 'xml' | 'json',
  options: [string, RubyParam][] = [],
): Promise<{ status: number; body: Dynamic }> {
  const query = faradayNestedQuery([...options, ['jurisdiction_id', null]]);
  const response = await t.api.get(`${BASE}/${path}.${format}?${query}`);
  const body = format === 'xml' ? rubyMultiXml(response.text) : (JSON.parse(response.text) as Dynamic);
  return { status: response.status, body };
}

/** Open311::Response::RaiseError: the gem's exception class for an HTTP status. */
const rubyError = (status: number): string | null =>
  (
    ({
      400: 'Open311::BadRequest',
      401: 'Open311::Unauthorized',
      403: 'Open311::Forbidden',
      404: 'Open311::NotFound',
      406: 'Open311::NotAcceptable',
      500: 'Open311::InternalServerError',
    }) as Record<number, string>
  )[status] ?? null;

describe('Ruby gem codeforamerica/open311', () => {
  it('when Open311.service_list runs in xml, then response["services"]["service"] is an Array of services with string codes', async () => {
    const { status, body } = await rubyGet('services', 'xml');
    expect(status).toBe(200);
    const services = asList(dig(body, 'services', 'service'), 'services.service');
    expect(services.map((s) => dig(s, 'service_code'))).toEqual(['101', '102', '103', '104', '106', '200', '900']);
  });

  it('when Open311.service_list runs in json (the gem default), then the body is an Array of service hashes', async () => {
    const { status, body } = await rubyGet('services', 'json');
    expect(status).toBe(200);
    expect(asList(body, 'services').map((s) => dig(s, 'metadata'))).toEqual([
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('when Open311.service_definition("101") runs in xml, then response["service_definition"] has the code and an attribute Array', async () => {
    const { status, body } = await rubyGet('services/101', 'xml');
    expect(status).toBe(200);
    const definition = asHash(dig(body, 'service_definition'), 'service_definition');
    expect(definition.service_code).toBe('101');
    expect(asList(dig(definition, 'attributes', 'attribute'), 'attribute')).toHaveLength(7);
  });

  it('when Open311.post_service_request posts form-encoded nested attributes, then response["service_requests"]["request"].service_request_id is the new id', async () => {
    const body = faradayNestedQuery([
      ['service_code', '101'],
      ['address_string', 'Kauppakaari 11, Kerava'],
      ['email', 'matti@example.invalid'],
      ['device_id', 'tt222111'],
      ['account_id', '12345'],
      ['first_name', 'Matti'],
      ['last_name', 'Virtanen'],
      ['phone', '0401234567'],
      ['description', 'Iso kuoppa tuhoaa kadun – vaarallinen!'],
      ['media_url', 'https://kuvat.example.fi/kuoppa.jpg'],
      ['lat', '60.404100'],
      ['long', '25.104300'],
      ['attribute', { SIZE: 'large', HAZARDS: ['cars', 'bikes'] }],
      ['jurisdiction_id', null],
      ['api_key', key],
    ]);
    const response = await t.api
      .post(`${BASE}/requests.xml`)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(body);
    expect(response.status).toBe(200);
    const request = asHash(dig(rubyMultiXml(response.text), 'service_requests', 'request'), 'service_requests.request');
    expect(request.service_request_id).toMatch(/\S/);
    expect(await storedAttributes(String(request.service_request_id))).toEqual({
      SIZE: 'large',
      HAZARDS: ['cars', 'bikes'],
    });
    expect(await storedContact(String(request.service_request_id))).toMatchObject({
      device_id: 'tt222111',
      account_id: '12345',
      description_original: 'Iso kuoppa tuhoaa kadun – vaarallinen!',
    });
  });

  it('when Open311.get_service_request(id) runs, then xml gives one request Hash and json a one-element Array', async () => {
    const xml = await rubyGet('requests/2020-700001', 'xml');
    expect(asHash(dig(xml.body, 'service_requests', 'request'), 'request')).toMatchObject({
      service_request_id: '2020-700001',
      lat: '60.4041',
    });
    const json = await rubyGet('requests/2020-700001', 'json');
    expect(asList(json.body, 'requests').map((r) => dig(r, 'service_request_id'))).toEqual(['2020-700001']);
  });

  it('when Open311.service_requests runs in xml, then its map gives [[requests…]…] and first.first is a request', async () => {
    const { body } = await rubyGet('requests', 'xml', [['status', 'open,closed']]);
    const requests = asList(dig(body, 'service_requests', 'request'), 'request');
    const gemResult = requests.map(() => requests);
    expect(asHash(dig(gemResult, 0, 0), 'first.first').service_request_id).toBe(dig(requests, 0, 'service_request_id'));
    expect(requests.map((r) => dig(r, 'service_request_id'))).toEqual(
      expect.arrayContaining(['2020-700001', '2020-700002']),
    );
  });

  it('when Open311.request_id_from_token runs, then response["service_requests"]["request"] has service_request_id and token', async () => {
    const post = faradayNestedQuery([
      ['service_code', '103'],
      ['lat', '60.4'],
      ['long', '25.1'],
      ['description', 'Eräajossa käsiteltävä ilmoitus.'],
      ['jurisdiction_id', null],
      ['api_key', key],
    ]);
    const created = await t.api
      .post(`${BASE}/requests.xml`)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(post);
    const token = String(dig(rubyMultiXml(created.text), 'service_requests', 'request', 'token'));
    const { status, body } = await rubyGet(`tokens/${token}`, 'xml');
    expect(status).toBe(200);
    const request = asHash(dig(body, 'service_requests', 'request'), 'request');
    expect(request.token).toBe(token);
    expect(request.service_request_id).toMatch(/\S/);
  });

  it.each([
    ['no api_key', 'Open311::Forbidden', [['service_code', '102']]],
    [
      'an unknown service_code',
      'Open311::NotFound',
      [
        ['service_code', 'nope'],
        ['api_key', 'KEY'],
      ],
    ],
    [
      'no location',
      'Open311::BadRequest',
      [
        ['service_code', '102'],
        ['description', 'Ilman sijaintia tuleva palaute.'],
        ['api_key', 'KEY'],
      ],
    ],
  ] as [string, string, [string, string][]][])(
    'when the gem posts with %s, then RaiseError raises %s',
    async (_label, error, params) => {
      const body = faradayNestedQuery(params.map(([n, v]) => [n, v === 'KEY' ? key : v] as [string, RubyParam]));
      const response = await t.api
        .post(`${BASE}/requests.json`)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(body);
      expect(rubyError(response.status)).toBe(error);
    },
  );
});

// ------------------------------------------------------------------------------ Python library

/** API.call_api: base_url + "/" + directory + "?" + urlencode(kwargs), jurisdiction '' unless configured. */
async function pythonGet(
  directory: string,
  kwargs: [string, string][] = [],
): Promise<{ status: number; data: Dynamic }> {
  const query = formEncode([...kwargs, ['jurisdiction_id', '']], PYTHON_QUOTE_PLUS_SAFE);
  const response = await t.api.get(`${BASE}/${directory}?${query}`);
  return { status: response.status, data: response.status === 200 ? pythonXml2Dict(response.text) : null };
}

/** Open311.post_service_request(**kwargs): urlopen(endpoint + "/requests.xml", urlencode(kwargs)); nothing added. */
async function pythonPost(kwargs: [string, string][]): Promise<{ status: number; data: Dynamic }> {
  const response = await t.api
    .post(`${BASE}/requests.xml`)
    .set('Content-Type', 'application/x-www-form-urlencoded')
    .send(formEncode(kwargs, PYTHON_QUOTE_PLUS_SAFE));
  return { status: response.status, data: response.status === 200 ? pythonXml2Dict(response.text) : null };
}

describe('Python codeforamerica/open311_python', () => {
  it("when service_list() runs, then data['services']['service'] is a list of dicts", async () => {
    const { status, data } = await pythonGet('services.xml');
    expect(status).toBe(200);
    const services = asList(dig(data, 'services', 'service'), "data['services']['service']");
    expect(services.map((s) => asHash(s, 'service').service_code)).toEqual([
      '101',
      '102',
      '103',
      '104',
      '106',
      '200',
      '900',
    ]);
  });

  it("when service_definition('101') runs, then its GET service/101.xml answers the definition", async () => {
    const { status, data } = await pythonGet('service/101.xml');
    expect(status).toBe(200);
    expect(dig(data, 'service_definition', 'service_code')).toBe('101');
  });

  it("when post_service_request(**kwargs) is called with api_key and attribute[CODE] kwargs, then data['service_requests']['request'] names the new id", async () => {
    const { status, data } = await pythonPost([
      ['service_code', '101'],
      ['address_string', '123 Any Street'],
      ['first_name', 'John'],
      ['last_name', 'Smith'],
      ['phone', '111-111-1111'],
      ['email', 'me@email.com'],
      ['description', 'A large sinkhole is destroying the street'],
      ['media_url', 'http://imgur.com/123_street_sinkhole.png'],
      ['api_key', key],
      ['attribute[SIZE]', 'small'],
    ]);
    expect(status).toBe(200);
    const request = asHash(dig(data, 'service_requests', 'request'), "data['service_requests']['request']");
    expect(await storedAttributes(String(request.service_request_id))).toEqual({ SIZE: 'small' });
    expect(request.service_notice).toMatch(/\S/);
  });

  it("when service_requests() runs, then data['service_requests']['request'] is a list and empty fields are None", async () => {
    const { status, data } = await pythonGet('requests.xml');
    expect(status).toBe(200);
    const requests = asList(dig(data, 'service_requests', 'request'), 'request');
    const closed = asHash(
      requests.find((r) => dig(r, 'service_request_id') === '2020-700002'),
      'closed request',
    );
    expect(closed).toMatchObject({ status: 'closed', status_notes: 'Siivottu.', lat: null, media_url: null });
  });

  it('when get_service_request(id) and request_id_from_token(token) run, then the request dict has the id', async () => {
    const single = await pythonGet('requests/2020-700001.xml');
    expect(dig(single.data, 'service_requests', 'request', 'service_request_id')).toBe('2020-700001');
    const created = await pythonPost([
      ['service_code', '103'],
      ['lat', '60.4'],
      ['long', '25.1'],
      ['description', 'Eräajon palaute Pythonista.'],
      ['api_key', key],
    ]);
    const token = String(dig(created.data, 'service_requests', 'request', 'token'));
    const resolved = await pythonGet(`tokens/${token}.xml`);
    expect(dig(resolved.data, 'service_requests', 'request', 'token')).toBe(token);
    expect(dig(resolved.data, 'service_requests', 'request', 'service_request_id')).toMatch(/\S/);
  });
});
