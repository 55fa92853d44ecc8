import { createHandler, type TestHandler } from '../support/admin';
import { seedCatalogue } from '../support/catalogue';
import { createTestContext, type TestContext } from '../support/context';
import { createApiKey, createJurisdiction, plantRequest } from '../support/factories';
import { getBoth } from '../support/http';
import { expectValidResponse } from '../support/openapi';

type PublicService = { service_code: string; service_name: string; description: string; group: string | null };
type Definition = {
  service_code: string;
  attributes: { code: string; datatype: string; description: string; values?: { key: string; name: string }[] }[];
};
type AdminService = {
  service_code: string;
  jurisdiction_id: string;
  active: boolean;
  names: Record<string, string>;
  department_id: number | null;
  attributes: { code: string; values: { key: string; names: Record<string, string> }[] }[];
  updated_datetime: string;
};

let t: TestContext;
let admin: TestHandler;
let handler: TestHandler;
let viewer: TestHandler;
let streets: number;
let key: string;

beforeAll(async () => {
  t = await createTestContext();
  await seedCatalogue(t.db.pool);
  streets = (await t.db.pool.query<{ id: number }>(`SELECT id FROM department WHERE code = 'streets'`)).rows[0].id;
  admin = await createHandler(t.db.pool, 'admin');
  handler = await createHandler(t.db.pool, 'handler', [streets]);
  viewer = await createHandler(t.db.pool, 'viewer', [streets]);
  key = await createApiKey(t.db.pool);
});
afterAll(() => t.close());

const newService = (code: string, extra: Record<string, unknown> = {}) => ({
  service_code: code,
  names: { fi: `Puistot ${code}`, sv: `Parker ${code}`, en: `Parks ${code}` },
  descriptions: { fi: 'Puistojen kunto', en: 'Park condition' },
  groups: { fi: 'Puistot', sv: 'Parker', en: 'Parks' },
  keywords: { fi: 'puisto,penkki' },
  department_id: streets,
  sla_days: 3,
  sort_order: 50,
  attributes: [
    {
      code: 'THING',
      datatype: 'singlevaluelist',
      required: true,
      order: 1,
      descriptions: { fi: 'Mikä on rikki?', en: 'What is broken?' },
      values: [
        { key: 'bench', names: { fi: 'Penkki', en: 'Bench' } },
        { key: 'swing', names: { fi: 'Keinu', en: 'Swing' } },
      ],
    },
  ],
  ...extra,
});

async function create(body: object) {
  const response = await t.api.post('/admin/v1/services').set(admin.auth).send(body);
  expectValidResponse('adminCreateService', response.status, 'json', response.body);
  return response;
}

async function patch(code: string, body: object, who: TestHandler = admin) {
  const response = await t.api.patch(`/admin/v1/services/${code}`).set(who.auth).send(body);
  expectValidResponse('adminUpdateService', response.status, 'json', response.body);
  return response;
}

async function changeset(): Promise<string> {
  const { json } = await getBoth(t.api, '/open311/v2/discovery', '', 'getDiscovery');
  return (json as { changeset: string }).changeset;
}

async function publicServices(query = ''): Promise<PublicService[]> {
  return (await getBoth(t.api, '/open311/v2/services', query, 'getServices')).json as PublicService[];
}

const postRequest = (code: string, extra: Record<string, string> = {}) =>
  t.api
    .post('/open311/v2/requests.json')
    .type('form')
    .send({
      api_key: key,
      service_code: code,
      lat: '60.4041',
      long: '25.1043',
      description: 'Keinu on rikki puistossa.',
      ...extra,
    });

describe('reading the catalogue', () => {
  it.each(['admin', 'handler', 'viewer'] as const)(
    'when a %s lists services, then every service comes in the admin view, inactive ones too',
    async (role) => {
      const who = { admin, handler, viewer }[role];
      const response = await t.api.get('/admin/v1/services').set(who.auth);
      expect(response.status).toBe(200);
      expectValidResponse('adminListServices', 200, 'json', response.body);
      const items = response.body.items as AdminService[];
      expect(items.find((s) => s.service_code === '105')).toMatchObject({ active: false });
      expect(items.find((s) => s.service_code === '101')).toMatchObject({
        names: { fi: 'Katujen kunto', sv: 'Gatornas skick', en: 'Potholes' },
        keywords: { fi: 'kuoppa,katu', en: 'pothole,street' },
        department_id: streets,
        sla_days: 5,
        estimate_seconds: null,
        never_public: false,
        moderation: 'auto',
        location_rule: 'coords_or_address',
        type: 'realtime',
      });
    },
  );

  it('when one service is asked, then its attributes come with every translation; an unknown code is 404', async () => {
    const response = await t.api.get('/admin/v1/services/101').set(viewer.auth);
    expect(response.status).toBe(200);
    expectValidResponse('adminGetService', 200, 'json', response.body);
    expect(response.body.attributes[0]).toEqual({
      code: 'SIZE',
      datatype: 'singlevaluelist',
      variable: true,
      required: true,
      order: 1,
      descriptions: { fi: 'Kysymys SIZE', en: 'Question SIZE' },
      datatype_descriptions: {},
      values: [
        { key: 'small', names: { fi: 'Pieni', en: 'Small' } },
        { key: 'large', names: { fi: 'Suuri', en: 'Large' } },
      ],
    });
    const missing = await t.api.get('/admin/v1/services/nope').set(viewer.auth);
    expect(missing.status).toBe(404);
    expectValidResponse('adminGetService', 404, 'json', missing.body);
  });

  it('when no token is sent, then 401', async () => {
    const response = await t.api.get('/admin/v1/services');
    expect(response.status).toBe(401);
    expectValidResponse('adminListServices', 401, 'json', response.body);
  });
});

describe('creating a service', () => {
  it('when an admin creates one, then it is public at once in both formats with its definition, and the changeset moves', async () => {
    const before = await changeset();
    const response = await create(newService('300'));
    expect(response.status).toBe(201);
    expect(response.headers.location).toBe('/admin/v1/services/300');
    expect(response.body).toMatchObject({
      service_code: '300',
      jurisdiction_id: 'test.fi',
      type: 'realtime',
      location_rule: 'coords_or_address',
      moderation: 'auto',
      never_public: false,
      active: true,
      sla_days: 3,
      sort_order: 50,
      estimate_seconds: null,
    });
    expect((await changeset()) > before).toBe(true);

    const listed = (await publicServices('locale=sv')).find((s) => s.service_code === '300');
    expect(listed).toMatchObject({ service_name: 'Parker 300', group: 'Parker', description: 'Puistojen kunto' });
    const { json } = await getBoth(t.api, '/open311/v2/services/300', 'locale=en', 'getServiceDefinition');
    expect((json as Definition).attributes).toEqual([
      expect.objectContaining({
        code: 'THING',
        datatype: 'singlevaluelist',
        required: true,
        description: 'What is broken?',
        values: [
          { key: 'bench', name: 'Bench' },
          { key: 'swing', name: 'Swing' },
        ],
      }),
    ]);
  });

  it('when a resident posts to the new service, then the request goes to its department', async () => {
    await create(newService('301'));
    const response = await postRequest('301', { 'attribute[THING]': 'swing' });
    expect(response.status).toBe(200);
    const row = await t.db.pool.query('SELECT department_id FROM service_request WHERE public_id = $1', [
      response.body[0].service_request_id,
    ]);
    expect(row.rows[0].department_id).toBe(streets);
  });

  it('when only code and names are sent, then the documented defaults apply and the audit log names the admin', async () => {
    const response = await create({ service_code: 'plain', names: { fi: 'Pelkkä' } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      names: { fi: 'Pelkkä' },
      descriptions: {},
      type: 'realtime',
      sla_days: 5,
      active: true,
      department_id: null,
      attributes: [],
    });
    const audit = await t.db.pool.query(
      `SELECT e.handler_id, e.kind FROM catalogue_event e JOIN service s ON s.id = e.service_id WHERE s.code = 'plain'`,
    );
    expect(audit.rows).toEqual([{ handler_id: admin.id, kind: 'service_created' }]);
  });

  it('when the code is taken, then 409 and nothing changes', async () => {
    const response = await create(newService('101'));
    expect(response.status).toBe(409);
    expect(response.body.errors[0].description).toContain('101');
    const names = await t.db.pool.query(`SELECT names FROM service WHERE code = '101'`);
    expect(names.rows[0].names.en).toBe('Potholes');
  });

  it.each([
    ['names without the default language', { names: { en: 'Parks' } }, 'names.fi'],
    ['an unknown department', { department_id: 999999 }, 'department_id'],
    ['sla_days above 60', { sla_days: 61 }, 'sla_days'],
    ['a dot in the code', { service_code: 'a.json' }, 'service_code'],
    ['the read-only estimate', { estimate_seconds: 5 }, 'estimate_seconds'],
    ['an unknown location rule', { location_rule: 'anywhere' }, 'location_rule'],
    [
      'a list attribute without values',
      { attributes: [{ code: 'X', datatype: 'multivaluelist', order: 1, descriptions: { fi: 'X' } }] },
      'attributes.0.values',
    ],
    [
      'a text attribute with values',
      {
        attributes: [
          {
            code: 'X',
            datatype: 'string',
            order: 1,
            descriptions: { fi: 'X' },
            values: [{ key: 'a', names: { fi: 'A' } }],
          },
        ],
      },
      'attributes.0.values',
    ],
    [
      'two attributes with one code',
      {
        attributes: [
          { code: 'X', datatype: 'string', order: 1, descriptions: { fi: 'X' } },
          { code: 'X', datatype: 'text', order: 2, descriptions: { fi: 'Y' } },
        ],
      },
      'code "X" is given twice',
    ],
    [
      'a required non-variable attribute',
      {
        attributes: [
          { code: 'X', datatype: 'string', variable: false, required: true, order: 1, descriptions: { fi: 'X' } },
        ],
      },
      'attributes.0.required',
    ],
  ])('when the body has %s, then 400 naming it and nothing is stored', async (_what, change, named) => {
    const response = await create(newService('bad', change));
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { description: string }) => e.description).join(' | ')).toContain(named);
    const stored = await t.db.pool.query(`SELECT 1 FROM service WHERE code IN ('bad', 'a.json')`);
    expect(stored.rowCount).toBe(0);
  });
});

describe('editing and deactivating a service', () => {
  it('when names and attributes are patched, then the public list and definition change in both formats and the list is replaced whole', async () => {
    await create(newService('310'));
    const response = await patch('310', {
      names: { fi: 'Leikkipaikat', sv: 'Lekplatser' },
      attributes: [{ code: 'WHERE', datatype: 'text', order: 1, descriptions: { fi: 'Missä?', sv: 'Var?' } }],
    });
    expect(response.status).toBe(200);
    expect(response.body.names).toEqual({ fi: 'Leikkipaikat', sv: 'Lekplatser' });
    expect(response.body.sla_days).toBe(3);
    expect((await publicServices('locale=sv')).find((s) => s.service_code === '310')?.service_name).toBe('Lekplatser');
    const { json } = await getBoth(t.api, '/open311/v2/services/310', 'locale=sv', 'getServiceDefinition');
    expect((json as Definition).attributes).toEqual([
      expect.objectContaining({ code: 'WHERE', datatype: 'text', description: 'Var?' }),
    ]);
    expect((json as Definition).attributes[0]).not.toHaveProperty('values');
    const rows = await t.db.pool.query(
      `SELECT a.code FROM service_attribute a JOIN service s ON s.id = a.service_id WHERE s.code = '310'`,
    );
    expect(rows.rows).toEqual([{ code: 'WHERE' }]);
  });

  it('when two changes follow within the same second, then the changeset moves forward each time', async () => {
    await create(newService('320'));
    const first = await changeset();
    await patch('320', { sla_days: 4 });
    const second = await changeset();
    await patch('320', { sla_days: 6 });
    const third = await changeset();
    expect(second > first).toBe(true);
    expect(third > second).toBe(true);
    const admin320 = await t.api.get('/admin/v1/services/320').set(handler.auth);
    expect(admin320.body.sla_days).toBe(6);
  });

  it('when a service is deactivated, then it vanishes from the public side and refuses requests; reactivating brings it back', async () => {
    await create(newService('330'));
    const off = await patch('330', { active: false });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await publicServices()).map((s) => s.service_code)).not.toContain('330');
    await getBoth(t.api, '/open311/v2/services/330', '', 'getServiceDefinition', 404);
    const refused = await postRequest('330', { 'attribute[THING]': 'bench' });
    expect(refused.status).toBe(404);
    expect(refused.body[0].description).toContain('330');
    const listed = await t.api.get('/admin/v1/services').set(viewer.auth);
    expect((listed.body.items as AdminService[]).find((s) => s.service_code === '330')?.active).toBe(false);

    await patch('330', { active: true });
    expect((await publicServices()).map((s) => s.service_code)).toContain('330');
    expect((await postRequest('330', { 'attribute[THING]': 'bench' })).status).toBe(200);
  });

  it('when a never-public service has requests, then never_public cannot be turned off (409) but a fresh one can', async () => {
    const health = await t.db.pool.query<{ id: number }>(`SELECT id FROM service WHERE code = '900'`);
    await plantRequest(t.db.pool, { serviceId: health.rows[0].id, publicId: '2026-900001' });
    const refused = await patch('900', { never_public: false });
    expect(refused.status).toBe(409);
    const still = await t.db.pool.query(`SELECT never_public FROM service WHERE code = '900'`);
    expect(still.rows[0].never_public).toBe(true);

    await create(newService('340', { never_public: true }));
    const allowed = await patch('340', { never_public: false });
    expect(allowed.status).toBe(200);
    expect(allowed.body.never_public).toBe(false);
  });

  it('when an empty patch, an unknown service or a bad attribute list is sent, then 400, 404 and 400', async () => {
    expect((await patch('101', {})).status).toBe(400);
    expect((await patch('nope', { sla_days: 1 })).status).toBe(404);
    const bad = await patch('101', {
      attributes: [
        { code: 'A', datatype: 'string', order: 1, descriptions: { en: 'A' } },
        { code: 'B', datatype: 'string', order: 1, descriptions: { fi: 'B' } },
      ],
    });
    expect(bad.status).toBe(400);
    const problems = bad.body.errors.map((e: { description: string }) => e.description).join(' | ');
    expect(problems).toContain('attributes.0.descriptions.fi');
    expect(problems).toContain('order 1 is given twice');
    const kept = await t.db.pool.query(
      `SELECT count(*)::int AS n FROM service_attribute a JOIN service s ON s.id = a.service_id WHERE s.code = '101'`,
    );
    expect(kept.rows[0].n).toBe(7);
  });
});

describe('who may change the catalogue', () => {
  it.each(['handler', 'viewer'] as const)(
    'when a %s tries to write services or departments, then 403 and nothing changes',
    async (role) => {
      const who = { handler, viewer }[role];
      const before = await changeset();
      const attempts = [
        ['adminCreateService', t.api.post('/admin/v1/services').set(who.auth).send(newService('400'))],
        ['adminUpdateService', t.api.patch('/admin/v1/services/102').set(who.auth).send({ active: false })],
        [
          'adminCreateDepartment',
          t.api
            .post('/admin/v1/departments')
            .set(who.auth)
            .send({ code: 'x', names: { fi: 'X' } }),
        ],
        [
          'adminUpdateDepartment',
          t.api
            .patch(`/admin/v1/departments/${streets}`)
            .set(who.auth)
            .send({ names: { fi: 'X' } }),
        ],
      ] as const;
      for (const [operationId, request] of attempts) {
        const response = await request;
        expect(response.status).toBe(403);
        expectValidResponse(operationId, 403, 'json', response.body);
      }
      expect(await changeset()).toBe(before);
      const service = await t.db.pool.query(`SELECT active FROM service WHERE code = '102'`);
      expect(service.rows[0].active).toBe(true);
      const departments = await t.db.pool.query(`SELECT code, names FROM department WHERE id = $1`, [streets]);
      expect(departments.rows[0].names.fi).toBe('Katupalvelut');
    },
  );
});

describe('departments', () => {
  it('when an admin creates and renames a department, then every role lists it and a service can use it', async () => {
    const created = await t.api
      .post('/admin/v1/departments')
      .set(admin.auth)
      .send({ code: 'parks', names: { fi: 'Puistot', sv: 'Parker' } });
    expect(created.status).toBe(201);
    expectValidResponse('adminCreateDepartment', 201, 'json', created.body);
    const id = created.body.department_id as number;
    expect(created.body).toEqual({
      department_id: id,
      jurisdiction_id: 'test.fi',
      code: 'parks',
      names: { fi: 'Puistot', sv: 'Parker' },
      alert_email: null,
      alert_handlers: false,
      digest: false,
    });

    const before = await changeset();
    const renamed = await t.api
      .patch(`/admin/v1/departments/${id}`)
      .set(admin.auth)
      .send({ names: { fi: 'Puistopalvelut', en: 'Parks' } });
    expect(renamed.status).toBe(200);
    expectValidResponse('adminUpdateDepartment', 200, 'json', renamed.body);
    expect(renamed.body).toMatchObject({ code: 'parks', names: { fi: 'Puistopalvelut', en: 'Parks' } });
    expect((await changeset()) > before).toBe(true);

    const listed = await t.api.get('/admin/v1/departments').set(viewer.auth);
    expect(listed.status).toBe(200);
    expectValidResponse('adminListDepartments', 200, 'json', listed.body);
    expect(listed.body.items.map((d: { code: string }) => d.code)).toEqual(['parks', 'streets']);

    const moved = await patch('102', { department_id: id });
    expect(moved.status).toBe(200);
    expect(moved.body.department_id).toBe(id);
  });

  it('when a code is taken, names lack the default language or the id is unknown, then 409, 400 and 404', async () => {
    const taken = await t.api
      .post('/admin/v1/departments')
      .set(admin.auth)
      .send({ code: 'streets', names: { fi: 'Kadut' } });
    expect(taken.status).toBe(409);
    expectValidResponse('adminCreateDepartment', 409, 'json', taken.body);
    const noFinnish = await t.api
      .post('/admin/v1/departments')
      .set(admin.auth)
      .send({ code: 'water', names: { en: 'Water' } });
    expect(noFinnish.status).toBe(400);
    expect(noFinnish.body.errors[0].description).toContain('names.fi');
    const unknown = await t.api.patch('/admin/v1/departments/999999').set(admin.auth).send({ code: 'zzz' });
    expect(unknown.status).toBe(404);
    expectValidResponse('adminUpdateDepartment', 404, 'json', unknown.body);
    const malformed = await t.api.patch('/admin/v1/departments/0x1').set(admin.auth).send({ code: 'zzz' });
    expect({ status: malformed.status, body: malformed.body }).toEqual({
      status: 400,
      body: { errors: [{ code: 400, description: 'department_id must be a positive whole number, not "0x1"' }] },
    });
    const renameToTaken = await t.api
      .post('/admin/v1/departments')
      .set(admin.auth)
      .send({ code: 'water', names: { fi: 'Vesi' } });
    const clash = await t.api
      .patch(`/admin/v1/departments/${renameToTaken.body.department_id}`)
      .set(admin.auth)
      .send({ code: 'streets' });
    expect(clash.status).toBe(409);
  });
});

describe('several municipalities', () => {
  beforeAll(async () => {
    await createJurisdiction(t.db.pool, 'other.fi', 'sv');
  });

  // An instance admin names the city of a single service; a viewer stays in their own city
  // (docs/admin-api.md, "Roles"; another city is 403, see test/admin/cities-roles.test.ts).
  it('when a second municipality is served, then jurisdiction_id is required and chooses the catalogue', async () => {
    const missing = await t.api.get('/admin/v1/services/101').set(admin.auth);
    expect(missing.status).toBe(400);
    expectValidResponse('adminGetService', 400, 'json', missing.body);
    expect(missing.body.errors[0].description).toContain('jurisdiction_id');
    const own = await t.api.get('/admin/v1/services').set(viewer.auth);
    expect(own.body.items.every((s: AdminService) => s.jurisdiction_id === 'test.fi')).toBe(true);

    const created = await t.api
      .post('/admin/v1/services?jurisdiction_id=other.fi')
      .set(admin.auth)
      .send({ service_code: '101', names: { sv: 'Gator' } });
    expect(created.status).toBe(201);
    expect(created.body.jurisdiction_id).toBe('other.fi');
    const other = await t.api.get('/admin/v1/services?jurisdiction_id=other.fi').set(admin.auth);
    expect(other.body.items.map((s: AdminService) => s.service_code)).toEqual(['101']);
    const ours = await publicServices('jurisdiction_id=test.fi');
    expect(ours.find((s) => s.service_code === '101')?.service_name).toBe('Katujen kunto');

    const streetsFromOther = await t.api
      .patch('/admin/v1/services/101?jurisdiction_id=other.fi')
      .set(admin.auth)
      .send({ department_id: streets });
    expect(streetsFromOther.status).toBe(400);
    expect(streetsFromOther.body.errors[0].description).toContain('department_id');
    const unknown = await t.api.get('/admin/v1/departments?jurisdiction_id=nowhere.fi').set(admin.auth);
    expect(unknown.status).toBe(404);
    expect((await t.api.get('/admin/v1/services?jurisdiction_id=other.fi').set(viewer.auth)).status).toBe(403);
  });
});

describe('with a long catalogue cache', () => {
  let cached: TestContext;
  beforeAll(async () => {
    cached = await createTestContext({ CATALOGUE_CACHE_SECONDS: '3600' }, { reset: false });
  });
  afterAll(() => cached.close());

  it('when an admin changes a service through this process, then its cached public catalogue shows it at once', async () => {
    const names = async () => {
      const response = await cached.api.get('/open311/v2/services.json?jurisdiction_id=test.fi&locale=en');
      return (response.body as PublicService[]).find((s) => s.service_code === '104')?.service_name;
    };
    expect(await names()).toBe('Service 104');
    const response = await cached.api
      .patch('/admin/v1/services/104?jurisdiction_id=test.fi')
      .set(admin.auth)
      .send({ names: { fi: 'Ennakkoon tarkastettu', en: 'Checked first' } });
    expect(response.status).toBe(200);
    expect(await names()).toBe('Checked first');
  });
});
