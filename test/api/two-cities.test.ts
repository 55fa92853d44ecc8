import { loadConfig } from '../../src/config';
import { createHandler, type TestHandler } from '../support/admin';
import { seedCatalogue } from '../support/catalogue';
import { createTestContext, type TestContext } from '../support/context';
import { createApiKey } from '../support/factories';
import { getBoth } from '../support/http';
import { startLocalIssuer, strictSignInEnv } from '../support/jwks';
import { expectValidResponse, expectValidXmlResponse } from '../support/openapi';

/**
 * Two cities in one deployment, driven through the API as a city's IT would do it
 * (docs/open311-dialect.md §7): Kerava exists with its clients and mailed links, Järvenpää is
 * added; clients that never send `jurisdiction_id` keep working and land in the right city.
 */
let t: TestContext;
let admin: TestHandler;
let oldKey: string;
let keravaKey: string;
let jarvenpaaKey: string;
let oldRequest: { id: string; tracking: string };
let oldBatchToken: string;
let jarvenpaaHandler: { Authorization: string };

const KERAVA_POINT = { lat: '60.4041', long: '25.1043' };
const JARVENPAA_POINT = { lat: '60.4731', long: '25.0902' };
const CHICAGO_POINT = { lat: '41.8781', long: '-87.6298' };
const polygon = (ring: number[][]) => ({ type: 'Polygon', coordinates: [ring] });
const KERAVA_AREA = polygon([
  [25.02, 60.375],
  [25.19, 60.37],
  [25.21, 60.42],
  [25.16, 60.445],
  [25.05, 60.445],
  [25.01, 60.41],
  [25.02, 60.375],
]);
const JARVENPAA_AREA = polygon([
  [25.05, 60.445],
  [25.16, 60.445],
  [25.18, 60.48],
  [25.15, 60.52],
  [25.06, 60.52],
  [25.02, 60.48],
  [25.05, 60.445],
]);

type Post = {
  status: number;
  body: { service_request_id?: string; token?: string; code?: number; description?: string }[];
};

/** POST requests.json as a form, as most clients do; `host` sets the Host header. */
async function post(fields: Record<string, string>, host?: string): Promise<Post> {
  const request = t.api.post('/open311/v2/requests.json').type('form');
  if (host !== undefined) request.set('Host', host);
  const response = await request.send({ description: 'Kuoppa jalkakäytävällä, syvä ja vaarallinen.', ...fields });
  expectValidResponse('createRequest', response.status, 'json', response.body);
  return { status: response.status, body: response.body };
}

const cityOf = async (publicId: string) =>
  (await t.db.pool.query('SELECT jurisdiction_id FROM service_request WHERE public_id = $1', [publicId])).rows[0]
    ?.jurisdiction_id as string | undefined;

async function adminPost(path: string, body: object) {
  const response = await t.api.post(`/admin/v1${path}`).set(admin.auth).send(body);
  expect({ path, status: response.status, body: response.body }).toEqual({
    path,
    status: 201,
    body: expect.anything(),
  });
  return response.body;
}

beforeAll(async () => {
  t = await createTestContext();
  // Kerava, as an existing single-city deployment has it: categories, a key, a request mailed out.
  await seedCatalogue(t.db.pool, 'kerava.fi');
  admin = await createHandler(t.db.pool, 'admin');
  oldKey = await createApiKey(t.db.pool, 'old app');
  const old = await t.api
    .post('/open311/v2/requests.json')
    .type('form')
    .send({
      api_key: oldKey,
      service_code: '102',
      ...KERAVA_POINT,
      description: 'Roskia levällään puiston laidalla.',
      email: 'asukas@example.invalid',
      extensions: 'true',
    });
  expect(old.status).toBe(200);
  oldRequest = { id: old.body[0].service_request_id, tracking: old.body[0].extended_attributes.tracking_token };
  const batch = await post({ api_key: oldKey, service_code: '103', address_string: 'Kauppakaari 1' });
  expect(batch.status).toBe(200);
  oldBatchToken = batch.body[0].token as string;

  // Järvenpää is added through the admin API, with a key, a department and a category 101 of its own.
  await adminPost('/jurisdictions', {
    jurisdiction_id: 'jarvenpaa.fi',
    names: { fi: 'Järvenpää', sv: 'Träskända', en: 'Järvenpää' },
    request_prefix: 'JP',
    host_names: ['palaute.jarvenpaa.fi'],
    boundary: JARVENPAA_AREA,
  });
  keravaKey = (await adminPost('/clients', { name: 'Kerava web form', jurisdiction_id: 'kerava.fi' })).api_key;
  jarvenpaaKey = (await adminPost('/clients', { name: 'Järvenpää app', jurisdiction_id: 'jarvenpaa.fi' })).api_key;
  const department = await adminPost('/departments?jurisdiction_id=jarvenpaa.fi', {
    code: 'kuntatekniikka',
    names: { fi: 'Kuntatekniikka', sv: 'Kommunalteknik', en: 'Municipal Engineering' },
  });
  await adminPost('/services?jurisdiction_id=jarvenpaa.fi', {
    service_code: '101',
    names: { fi: 'Järvenpään kadut', sv: 'Träskända gator', en: 'Järvenpää streets' },
    department_id: department.department_id,
  });
  // …and a handler of its own, with a token.
  const handler = await adminPost('/handlers', {
    email: 'kasittelija@jarvenpaa.invalid',
    name: 'Järvenpään käsittelijä',
    role: 'handler',
    jurisdiction_id: 'jarvenpaa.fi',
    department_ids: [department.department_id],
  });
  const token = await adminPost(`/handlers/${handler.id}/tokens`, { label: 'two cities' });
  jarvenpaaHandler = { Authorization: `Bearer ${token.token}` };
});
afterAll(() => t.close());

describe('links and ids from before the second city', () => {
  it('when Järvenpää has been added, then the old request opens by id in both formats, on its page and with its tracking token', async () => {
    const { json } = await getBoth(t.api, `/open311/v2/requests/${oldRequest.id}`, '', 'getRequest');
    expect(json).toEqual([expect.objectContaining({ service_request_id: oldRequest.id, service_code: '102' })]);
    const own = await getBoth(
      t.api,
      `/open311/v2/requests/${oldRequest.id}`,
      `tracking_token=${oldRequest.tracking}`,
      'getRequest',
    );
    expect(own.json).toEqual([expect.objectContaining({ service_request_id: oldRequest.id })]);
    expect((await t.api.get(`/requests/${oldRequest.id}`)).status).toBe(200);
    const page = await t.api.get(`/requests/${oldRequest.id}?tracking_token=${oldRequest.tracking}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Roskia levällään');
  });

  it('when a batch token from before is looked up without jurisdiction_id, then it still resolves', async () => {
    const { json } = await getBoth(t.api, `/open311/v2/tokens/${oldBatchToken}`, '', 'getToken');
    expect(json).toEqual([{ service_request_id: expect.stringMatching(/^\d{4}-\d{6}$/), token: oldBatchToken }]);
  });

  it('when an id is read with the other city named, then it is 404 there and 200 with its own city', async () => {
    await getBoth(t.api, `/open311/v2/requests/${oldRequest.id}`, 'jurisdiction_id=jarvenpaa.fi', 'getRequest', 404);
    await getBoth(t.api, `/open311/v2/requests/${oldRequest.id}`, 'jurisdiction_id=kerava.fi', 'getRequest');
  });
});

describe('POST without jurisdiction_id', () => {
  it("when a city's key posts, then the request is that city's, numbered its way, in its own category 101", async () => {
    const jp = await post({ api_key: jarvenpaaKey, service_code: '101', ...JARVENPAA_POINT });
    expect(jp.status).toBe(200);
    const jpId = jp.body[0].service_request_id as string;
    expect(jpId).toMatch(/^JP-\d{4}-000001$/);
    expect(await cityOf(jpId)).toBe('jarvenpaa.fi');
    const { json } = await getBoth(t.api, `/open311/v2/requests/${jpId}`, '', 'getRequest');
    expect(json).toEqual([expect.objectContaining({ service_code: '101', service_name: 'Järvenpään kadut' })]);

    // Kerava's 101 asks for SIZE: the same code resolves to Kerava's own service.
    const missing = await post({ api_key: keravaKey, service_code: '101', ...KERAVA_POINT });
    expect(missing.status).toBe(400);
    expect(missing.body[0].description).toContain('attribute[SIZE]');
    const kerava = await post({ api_key: keravaKey, service_code: '101', 'attribute[SIZE]': 'small', ...KERAVA_POINT });
    expect(kerava.status).toBe(200);
    expect(kerava.body[0].service_request_id).toMatch(/^\d{4}-\d{6}$/);
    expect(await cityOf(kerava.body[0].service_request_id as string)).toBe('kerava.fi');
  });

  it("when a key of one city names the other's jurisdiction_id, then 403 names both", async () => {
    const response = await post({
      api_key: keravaKey,
      jurisdiction_id: 'jarvenpaa.fi',
      service_code: '101',
      ...JARVENPAA_POINT,
    });
    expect(response.status).toBe(403);
    expect(response.body[0].description).toBe('api_key belongs to kerava.fi, not to jurisdiction_id "jarvenpaa.fi"');
  });

  it("when a key without a city posts to a city's host name (any case, any port), then the request is that city's", async () => {
    const response = await post(
      { api_key: oldKey, service_code: '101', address_string: 'Sibeliuksenkatu 1' },
      'Palaute.Jarvenpaa.FI:8443',
    );
    expect(response.status).toBe(200);
    expect(await cityOf(response.body[0].service_request_id as string)).toBe('jarvenpaa.fi');
  });

  it('when the steps disagree, then the key comes before the host and the host before the boundary', async () => {
    const byKey = await post(
      { api_key: keravaKey, service_code: '102', address_string: 'Kauppakaari 1' },
      'palaute.jarvenpaa.fi',
    );
    expect(byKey.status).toBe(200);
    expect(await cityOf(byKey.body[0].service_request_id as string)).toBe('kerava.fi');
    const byHost = await post({ api_key: oldKey, service_code: '101', ...KERAVA_POINT }, 'palaute.jarvenpaa.fi');
    expect(byHost).toEqual({
      status: 400,
      body: [{ code: 400, description: 'lat/long is outside the area of Järvenpää (jarvenpaa.fi)' }],
    });
  });

  it("when a key without a city posts a point inside Järvenpää's boundary, then the request is Järvenpää's", async () => {
    const response = await post({ api_key: oldKey, service_code: '101', ...JARVENPAA_POINT });
    expect(response.status).toBe(200);
    expect(await cityOf(response.body[0].service_request_id as string)).toBe('jarvenpaa.fi');
  });

  it('when nothing names a city and Kerava has no boundary, then the first city created takes the point', async () => {
    const response = await post({ api_key: oldKey, service_code: '102', ...KERAVA_POINT });
    expect(response.status).toBe(200);
    expect(await cityOf(response.body[0].service_request_id as string)).toBe('kerava.fi');
    const anywhere = await post({ api_key: oldKey, service_code: '102', ...CHICAGO_POINT });
    expect(anywhere.status).toBe(200);
  });
});

describe('boundaries', () => {
  beforeAll(async () => {
    const response = await t.api
      .patch('/admin/v1/jurisdictions/kerava.fi')
      .set(admin.auth)
      .send({ boundary: KERAVA_AREA });
    expect(response.status).toBe(200);
  });

  it('when every city has a boundary and the point is in Chicago, then 400 says it is outside every one (JSON and XML)', async () => {
    const json = await post({ api_key: oldKey, service_code: '102', ...CHICAGO_POINT });
    expect(json).toEqual({
      status: 400,
      body: [
        {
          code: 400,
          description:
            'lat/long is outside the area of every municipality served here: Test town kerava.fi (kerava.fi), Järvenpää (jarvenpaa.fi)',
        },
      ],
    });
    const xml = await t.api
      .post('/open311/v2/requests.xml')
      .type('form')
      .send({ api_key: oldKey, service_code: '102', description: 'Kuoppa keskellä katua.', ...CHICAGO_POINT });
    expect(xml.status).toBe(400);
    expect(expectValidXmlResponse('createRequest', 400, xml.text)).toEqual(json.body);
  });

  it('when the city a POST resolves to has a boundary and the point is outside it, then 400 names that city', async () => {
    const byKey = await post({ api_key: keravaKey, service_code: '102', ...JARVENPAA_POINT });
    expect(byKey.status).toBe(400);
    expect(byKey.body[0].description).toBe('lat/long is outside the area of Test town kerava.fi (kerava.fi)');
    const named = await post({
      api_key: oldKey,
      jurisdiction_id: 'jarvenpaa.fi',
      service_code: '101',
      ...CHICAGO_POINT,
    });
    expect(named.body).toEqual([
      { code: 400, description: 'lat/long is outside the area of Järvenpää (jarvenpaa.fi)' },
    ]);
  });

  it('when the point is inside, or there is no point, then the boundary asks nothing more', async () => {
    const inside = await post({ api_key: oldKey, service_code: '102', ...KERAVA_POINT });
    expect(inside.status).toBe(200);
    expect(await cityOf(inside.body[0].service_request_id as string)).toBe('kerava.fi');
    const noPoint = await post({ api_key: jarvenpaaKey, service_code: '101', address_string: 'Sibeliuksenkatu 3' });
    expect(noPoint.status).toBe(200);
  });
});

describe("Järvenpää's handler", () => {
  it("when the handler added through the API works, then only Järvenpää's requests are theirs, and their answer is Järvenpää's update", async () => {
    const inbox = await t.api.get('/admin/v1/requests?page_size=200').set(jarvenpaaHandler);
    expect(inbox.status).toBe(200);
    const mine = (inbox.body.items as { service_request_id: string }[]).map((r) => r.service_request_id);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((id) => id.startsWith('JP-'))).toBe(true);
    expect((await t.api.get(`/admin/v1/requests/${oldRequest.id}`).set(jarvenpaaHandler)).status).toBe(404);
    expect((await t.api.get('/admin/v1/requests?jurisdiction_id=kerava.fi').set(jarvenpaaHandler)).status).toBe(403);

    const answered = await t.api
      .post(`/admin/v1/requests/${mine[0]}/status`)
      .set(jarvenpaaHandler)
      .send({ detailed_status: 'IN_PROCESS', answer: 'Korjaamme kuopan tällä viikolla.' });
    expect(answered.status).toBe(200);
    const updates = async (query: string) =>
      (
        (await getBoth(t.api, '/open311/v2/servicerequestupdates', query, 'getServiceRequestUpdates')).json as {
          service_request_id: string;
        }[]
      ).map((u) => u.service_request_id);
    expect(await updates('jurisdiction_id=jarvenpaa.fi')).toContain(mine[0]);
    expect(await updates('')).not.toContain(mine[0]);
    expect(await updates('jurisdiction_id=kerava.fi')).not.toContain(mine[0]);
  });
});

describe('public reads for the default city and with jurisdiction_id', () => {
  const services = async (query: string, host?: string) => {
    const request = t.api.get(`/open311/v2/services.json${query}`);
    if (host !== undefined) request.set('Host', host);
    const response = await request;
    expect(response.status).toBe(200);
    return (response.body as { service_code: string; service_name: string }[]).map((s) => s.service_name);
  };

  it('when services are read without jurisdiction_id, then they are the first city’s; by name or host, each city’s own', async () => {
    const kerava = await getBoth(t.api, '/open311/v2/services', 'jurisdiction_id=kerava.fi', 'getServices');
    expect((await getBoth(t.api, '/open311/v2/services', '', 'getServices')).json).toEqual(kerava.json);
    const jarvenpaa = await getBoth(t.api, '/open311/v2/services', 'jurisdiction_id=jarvenpaa.fi', 'getServices');
    expect(jarvenpaa.json).toEqual([
      expect.objectContaining({ service_code: '101', service_name: 'Järvenpään kadut' }),
    ]);
    expect(await services('', 'palaute.jarvenpaa.fi')).toEqual(['Järvenpään kadut']);
    const definition = await getBoth(
      t.api,
      '/open311/v2/services/101',
      'jurisdiction_id=jarvenpaa.fi',
      'getServiceDefinition',
    );
    expect(definition.json).toEqual({ service_code: '101', attributes: [] });
    const keravaDefinition = await getBoth(t.api, '/open311/v2/services/101', '', 'getServiceDefinition');
    expect((keravaDefinition.json as { attributes: unknown[] }).attributes.length).toBeGreaterThan(0);
  });

  it('when lists, updates and similar are read, then each answers for the resolved city only, in both formats', async () => {
    const list = async (query: string) =>
      (
        (await getBoth(t.api, '/open311/v2/requests', query, 'getRequests')).json as { service_request_id: string }[]
      ).map((r) => r.service_request_id);
    const byDefault = await list('');
    expect(byDefault.length).toBeGreaterThan(0);
    expect(byDefault.every((id) => /^\d{4}-\d{6}$/.test(id))).toBe(true);
    expect(await list('jurisdiction_id=kerava.fi')).toEqual(byDefault);
    const jp = await list('jurisdiction_id=jarvenpaa.fi');
    expect(jp.length).toBeGreaterThan(0);
    expect(jp.every((id) => id.startsWith('JP-'))).toBe(true);

    for (const query of ['', 'jurisdiction_id=jarvenpaa.fi']) {
      await getBoth(t.api, '/open311/v2/servicerequestupdates', query, 'getServiceRequestUpdates');
      const near = query === '' ? KERAVA_POINT : JARVENPAA_POINT;
      const similar = await getBoth(
        t.api,
        '/open311/v2/similar',
        `${query}&service_code=101&lat=${near.lat}&long=${near.long}`,
        'getSimilarRequests',
      );
      const found = (similar.json as { service_request_id: string }[]).map((r) => r.service_request_id);
      expect(found.every((id) => (query === '' ? !id.startsWith('JP-') : id.startsWith('JP-')))).toBe(true);
    }
  });

  it('when GeoJSON and the feeds are read, then the default city’s and the named city’s requests come apart', async () => {
    const geo = async (query: string) => {
      const response = await t.api.get(`/open311/v2/requests.geojson${query}`);
      expect(response.status).toBe(200);
      return (JSON.parse(response.text) as { features: { id: string }[] }).features.map((f) => f.id);
    };
    expect((await geo('')).some((id) => id.startsWith('JP-'))).toBe(false);
    expect((await geo('?jurisdiction_id=jarvenpaa.fi')).every((id) => id.startsWith('JP-'))).toBe(true);
    for (const kind of ['rss', 'atom']) {
      const kerava = await t.api.get(`/feeds/requests.${kind}`);
      expect(kerava.status).toBe(200);
      expect(kerava.text).toContain('Testikaupunki kerava.fi');
      const jarvenpaa = await t.api.get(`/feeds/requests.${kind}?jurisdiction_id=jarvenpaa.fi`);
      expect(jarvenpaa.status).toBe(200);
      expect(jarvenpaa.text).toContain('Järvenpää');
      expect(jarvenpaa.text).toMatch(/\/requests\/JP-/);
    }
  });

  it('when discovery is read, then the first endpoint is the default one and each city follows with its id', async () => {
    const { json } = await getBoth(t.api, '/open311/v2/discovery', '', 'getDiscovery');
    const endpoints = (json as { endpoints: { url: string; jurisdiction_id?: string }[] }).endpoints;
    expect(endpoints.map((e) => e.jurisdiction_id)).toEqual([undefined, 'kerava.fi', 'jarvenpaa.fi']);
    expect(endpoints.every((e) => e.url === 'http://palaute.test/open311/v2')).toBe(true);
  });

  it('when a Järvenpää request page is opened without jurisdiction_id, then it shows under Järvenpää', async () => {
    const jp = (
      await t.db.pool.query(`SELECT public_id FROM public_request WHERE jurisdiction_id = 'jarvenpaa.fi' LIMIT 1`)
    ).rows[0].public_id as string;
    const page = await t.api.get(`/requests/${jp}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Järvenpää');
  });
});

describe('my/requests', () => {
  it("when a signed-in resident's requests are listed, then each city lists its own: by default Kerava's", async () => {
    const issuer = await startLocalIssuer();
    const signedIn = await createTestContext(strictSignInEnv(issuer), { reset: false });
    try {
      const token = await issuer.sign({ sub: 'asukas-kahdessa-kaupungissa' });
      const send = (key: string, point: { lat: string; long: string }, code: string, extra = {}) =>
        signedIn.api
          .post('/open311/v2/requests.json')
          .set('Authorization', `Bearer ${token}`)
          .type('form')
          .send({ api_key: key, service_code: code, description: 'Oma palautteeni kaupungille.', ...point, ...extra });
      const kerava = (await send(keravaKey, KERAVA_POINT, '101', { 'attribute[SIZE]': 'small' })).body[0]
        .service_request_id;
      const jarvenpaa = (await send(jarvenpaaKey, JARVENPAA_POINT, '101')).body[0].service_request_id;
      const mine = async (query: string, host?: string) => {
        for (const format of ['xml', 'json']) {
          const request = signedIn.api
            .get(`/open311/v2/my/requests.${format}${query}`)
            .set('Authorization', `Bearer ${token}`);
          if (host !== undefined) request.set('Host', host);
          const response = await request;
          expect(response.status).toBe(200);
          if (format === 'xml') expectValidXmlResponse('getMyRequests', 200, response.text);
          else expectValidResponse('getMyRequests', 200, 'json', response.body);
          if (format === 'json')
            return (response.body as { service_request_id: string }[]).map((r) => r.service_request_id);
        }
        return [];
      };
      expect(await mine('')).toEqual([kerava]);
      expect(await mine('?jurisdiction_id=jarvenpaa.fi')).toEqual([jarvenpaa]);
      expect(await mine('', 'palaute.jarvenpaa.fi')).toEqual([jarvenpaa]);
    } finally {
      await signedIn.close();
      await issuer.close();
    }
  });
});

describe('DEFAULT_JURISDICTION and inactive cities', () => {
  it('when DEFAULT_JURISDICTION is not shaped like a city id, then the configuration is refused at start', () => {
    expect(loadConfig({ DEFAULT_JURISDICTION: ' kerava.fi ' }).defaultJurisdiction).toBe('kerava.fi');
    expect(loadConfig({}).defaultJurisdiction).toBeNull();
    expect(() => loadConfig({ DEFAULT_JURISDICTION: 'Kerava City' })).toThrow(
      /DEFAULT_JURISDICTION must be a municipality id/,
    );
  });

  it('when DEFAULT_JURISDICTION names Järvenpää, then calls that name no city are Järvenpää’s', async () => {
    const other = await createTestContext({ DEFAULT_JURISDICTION: 'jarvenpaa.fi' }, { reset: false });
    try {
      const response = await other.api.get('/open311/v2/services.json');
      expect(response.body).toEqual([expect.objectContaining({ service_name: 'Järvenpään kadut' })]);
    } finally {
      await other.close();
    }
  });

  it('when DEFAULT_JURISDICTION names no city, then a call that names none is a 400 saying so, never a guess', async () => {
    const other = await createTestContext({ DEFAULT_JURISDICTION: 'nowhere.fi' }, { reset: false });
    try {
      const response = await other.api.get('/open311/v2/services.xml');
      expect(response.status).toBe(400);
      expect(response.text).toContain('DEFAULT_JURISDICTION=nowhere.fi');
      expect((await other.api.get('/open311/v2/services.json?jurisdiction_id=kerava.fi')).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('when Järvenpää is made inactive, then it takes no POSTs, is never chosen, and its requests stay readable', async () => {
    const jp = (
      await t.db.pool.query(`SELECT public_id FROM public_request WHERE jurisdiction_id = 'jarvenpaa.fi' LIMIT 1`)
    ).rows[0].public_id as string;
    const off = await t.api.patch('/admin/v1/jurisdictions/jarvenpaa.fi').set(admin.auth).send({ active: false });
    expect(off.status).toBe(200);
    try {
      const named = await post({
        api_key: oldKey,
        jurisdiction_id: 'jarvenpaa.fi',
        service_code: '101',
        ...JARVENPAA_POINT,
      });
      expect(named.status).toBe(404);
      expect(named.body[0].description).toContain('jarvenpaa.fi');
      expect(
        (await post({ api_key: jarvenpaaKey, service_code: '101', address_string: 'Sibeliuksenkatu 1' })).status,
      ).toBe(404);
      // The host no longer chooses it: Kerava's services answer.
      expect((await t.api.get('/open311/v2/services.json').set('Host', 'palaute.jarvenpaa.fi')).body).not.toEqual([
        expect.objectContaining({ service_name: 'Järvenpään kadut' }),
      ]);
      await getBoth(t.api, `/open311/v2/requests/${jp}`, '', 'getRequest');
      const { json } = await getBoth(t.api, '/open311/v2/discovery', '', 'getDiscovery');
      expect((json as { endpoints: unknown[] }).endpoints).toHaveLength(1);
    } finally {
      await t.api.patch('/admin/v1/jurisdictions/jarvenpaa.fi').set(admin.auth).send({ active: true });
    }
  });
});
