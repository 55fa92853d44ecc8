import { insertHandler, issueHandlerToken } from '../../src/repositories/handler-repository';
import { createHandler, type TestHandler } from '../support/admin';
import { createTestContext, type TestContext } from '../support/context';
import { createDepartment, createJurisdiction, createService } from '../support/factories';
import { expectValidResponse } from '../support/openapi';

/**
 * Staff intake (docs/staff-intake.md): a handler files a request for a resident who phoned,
 * wrote or came to the desk. It is the Open311 POST's command (same rules, screening,
 * publication, acknowledgement), recorded as taken in by that handler through its channel;
 * neither shows in any public output.
 */
let t: TestContext;
let streets: number;
let parks: number;
let admin: TestHandler;
let cityAdmin: TestHandler;
let handler: TestHandler;
let parksHandler: TestHandler;
let viewer: TestHandler;
let otherCityHandler: TestHandler;

const HANDLER_NAME = 'Intakehandlername Marker';
const HANDLER_EMAIL = 'intake-handler-marker@city.test';

beforeAll(async () => {
  t = await createTestContext();
  const pool = t.db.pool;
  await createJurisdiction(pool, 'test.fi');
  await createJurisdiction(pool, 'other.fi');
  await createJurisdiction(pool, 'closed.fi');
  await pool.query(`UPDATE jurisdiction SET active = false WHERE id = 'closed.fi'`);
  streets = await createDepartment(pool, 'test.fi', 'streets', { fi: 'Katupalvelut' });
  parks = await createDepartment(pool, 'test.fi', 'parks', { fi: 'Puistopalvelut' });
  const elsewhere = await createDepartment(pool, 'other.fi', 'streets', { fi: 'Muu kaupunki' });
  await createService(pool, {
    code: '100',
    departmentId: streets,
    attributes: [
      {
        code: 'kind',
        datatype: 'singlevaluelist',
        required: true,
        order: 1,
        values: [
          { key: 'lamp', names: { fi: 'Valo' } },
          { key: 'pole', names: { fi: 'Pylväs' } },
        ],
      },
      {
        code: 'tags',
        datatype: 'multivaluelist',
        order: 2,
        values: [
          { key: 'a', names: { fi: 'A' } },
          { key: 'b', names: { fi: 'B' } },
        ],
      },
    ],
  });
  await createService(pool, { code: '200', departmentId: parks });
  await createService(pool, { code: '300', departmentId: streets, moderation: 'pre' });
  await createService(pool, { code: '400', departmentId: streets, active: false });
  await createService(pool, { jurisdictionId: 'other.fi', code: '100', departmentId: elsewhere });
  admin = await createHandler(pool, 'admin');
  const cityAdminId = await insertHandler(pool, {
    email: 'city-admin@city.test',
    role: 'admin',
    jurisdictionId: 'test.fi',
  });
  const cityAdminToken = await issueHandlerToken(pool, cityAdminId, 'test');
  cityAdmin = { id: cityAdminId, token: cityAdminToken, auth: { Authorization: `Bearer ${cityAdminToken}` } };
  handler = await createHandler(pool, 'handler', [streets], HANDLER_EMAIL);
  await pool.query('UPDATE handler SET name = $1 WHERE id = $2', [HANDLER_NAME, handler.id]);
  parksHandler = await createHandler(pool, 'handler', [parks]);
  viewer = await createHandler(pool, 'viewer', [streets]);
  otherCityHandler = await createHandler(pool, 'handler', [elsewhere]);
});
afterAll(() => t.close());

const phoneCall = (extra: Record<string, unknown> = {}) => ({
  service_code: '100',
  description: 'Asukas soitti: katuvalo ei pala Kauppakaarella.',
  address_string: 'Kauppakaari 1',
  attributes: { kind: 'lamp', tags: ['a', 'b'] },
  contact: {
    email: 'resident.intake@example.invalid',
    phone: '+358401112233',
    first_name: 'Railimarker',
    last_name: 'Asukasmarker',
  },
  publication_consent: true,
  channel: 'phone',
  ...extra,
});

const intake = (who: TestHandler, body: object) => t.api.post('/admin/v1/requests').set(who.auth).send(body);

const requestCount = async () => (await t.db.pool.query('SELECT count(*)::int AS n FROM service_request')).rows[0].n;

async function stored(publicId: string) {
  const result = await t.db.pool.query(
    `SELECT r.jurisdiction_id, r.intake_channel, r.intake_handler_id, r.application_id, r.visibility, r.department_id,
            r.attributes, r.deadline_at IS NOT NULL AS has_deadline, r.tracking_token_hash IS NOT NULL AS tracked,
            c.email, c.phone, c.first_name, c.last_name,
            (SELECT json_agg(json_build_object('kind', e.kind, 'actor', e.actor, 'handler_id', e.handler_id,
                                               'data', e.data, 'public', e.public) ORDER BY e.id)
               FROM request_event e WHERE e.request_id = r.id) AS events,
            (SELECT json_agg(json_build_object('kind', o.kind, 'recipient', o.recipient, 'body', o.body))
               FROM outbox o WHERE o.request_id = r.id) AS mail
       FROM service_request r JOIN request_contact c ON c.request_id = r.id WHERE r.public_id = $1`,
    [publicId],
  );
  return result.rows[0];
}

describe('staff intake', () => {
  it("when a handler takes in a phone call, then the request is filed as the handler's, with its channel, and the resident gets the acknowledgement", async () => {
    const response = await intake(handler, phoneCall());
    expect(response.status).toBe(201);
    expectValidResponse('adminCreateRequest', 201, 'json', response.body);
    const id = response.body.service_request_id as string;
    expect(response.body).toMatchObject({ channel: 'phone', visibility: 'public', token: null });
    expect(response.headers.location).toBe(`/admin/v1/requests/${id}`);
    const row = await stored(id);
    expect(row).toMatchObject({
      jurisdiction_id: 'test.fi',
      intake_channel: 'phone',
      intake_handler_id: handler.id,
      application_id: null,
      department_id: streets,
      attributes: { kind: 'lamp', tags: ['a', 'b'] },
      has_deadline: true,
      tracked: true,
      email: 'resident.intake@example.invalid',
      phone: '+358401112233',
      first_name: 'Railimarker',
      last_name: 'Asukasmarker',
    });
    expect(row.events).toEqual([
      { kind: 'created', actor: 'handler', handler_id: handler.id, data: { channel: 'phone' }, public: true },
    ]);
    expect(row.mail).toEqual([
      expect.objectContaining({ kind: 'acknowledgement', recipient: 'resident.intake@example.invalid' }),
    ]);
    expect(row.mail[0].body).toContain(`/requests/${id}?tracking_token=`);
  });

  it('when the request is read by handlers, then the detail and the list show the channel and who took it in', async () => {
    const id = (await intake(handler, phoneCall({ channel: 'letter' }))).body.service_request_id as string;
    const detail = await t.api.get(`/admin/v1/requests/${id}`).set(handler.auth);
    expect(detail.status).toBe(200);
    expectValidResponse('adminGetRequest', 200, 'json', detail.body);
    expect(detail.body).toMatchObject({ channel: 'letter', taken_by_id: handler.id, application: null });
    expect(detail.body.events[0]).toMatchObject({
      kind: 'created',
      actor: 'handler',
      handler: { id: handler.id, name: HANDLER_NAME, email: HANDLER_EMAIL },
    });
    const list = await t.api.get('/admin/v1/requests?page_size=200').set(admin.auth);
    expectValidResponse('adminListRequests', 200, 'json', list.body);
    const items = list.body.items as {
      service_request_id: string;
      channel: string | null;
      taken_by_id: number | null;
    }[];
    expect(items.find((item) => item.service_request_id === id)).toMatchObject({
      channel: 'letter',
      taken_by_id: handler.id,
    });
    const csv = await t.api.get('/admin/v1/requests.csv').set(handler.auth);
    expect(csv.status).toBe(200);
    const line = csv.text.split('\r\n').find((row) => row.startsWith(`"${id}"`));
    expect(line).toMatch(/,"test\.fi","letter"$/);
  });

  it('when the request is then worked, then the workflow is as usual', async () => {
    const id = (await intake(handler, phoneCall())).body.service_request_id as string;
    const status = await t.api
      .post(`/admin/v1/requests/${id}/status`)
      .set(handler.auth)
      .send({ detailed_status: 'IN_PROCESS', answer: 'Korjaamme valon.' });
    expect(status.status).toBe(200);
    const open311 = await t.api.get(`/open311/v2/requests/${id}.json`);
    expect(open311.body[0]).toMatchObject({ service_request_id: id, status: 'open', status_notes: 'Korjaamme valon.' });
  });

  it('when a request is taken in, then the public sees it as any other, without contact, channel or handler', async () => {
    const id = (await intake(handler, phoneCall({ channel: 'service_desk' }))).body.service_request_id as string;
    const secrets = [
      'resident.intake@example.invalid',
      '+358401112233',
      'Railimarker',
      'Asukasmarker',
      'service_desk',
      HANDLER_NAME,
      HANDLER_EMAIL,
      `"taken_by`,
      '"channel"',
      '<channel>phone',
    ];
    const paths = [
      `/open311/v2/requests/${id}.json?extensions=true`,
      `/open311/v2/requests/${id}.xml?extensions=true`,
      '/open311/v2/requests.json?extensions=true',
      '/open311/v2/requests.xml?extensions=true',
      '/open311/v2/requests.geojson',
      '/open311/v2/servicerequestupdates.json',
      '/open311/v2/servicerequestupdates.xml',
      '/feeds/requests.rss',
      '/feeds/requests.atom',
      `/requests/${id}`,
    ];
    let sawIt = false;
    for (const path of paths) {
      const response = await t.api.get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      const text = `${JSON.stringify(response.headers)}\n${response.text}`;
      for (const secret of secrets) if (text.includes(secret)) throw new Error(`${path} leaked "${secret}"`);
      sawIt = sawIt || text.includes(id);
    }
    expect(sawIt).toBe(true);
  });

  it('when the publication rules hold a request, then they hold it for intake too', async () => {
    const hetu = await intake(
      handler,
      phoneCall({ description: 'Soittajan henkilötunnus on 131052-308T, katuvalo rikki.' }),
    );
    expect(hetu.body.visibility).toBe('pending');
    const moderated = await intake(handler, phoneCall({ service_code: '300', attributes: undefined }));
    expect(moderated.body.visibility).toBe('pending');
    const noConsent = await intake(handler, phoneCall({ publication_consent: false }));
    expect((await t.api.get(`/open311/v2/requests/${noConsent.body.service_request_id}.json`)).status).toBe(404);
  });

  it('when a handler takes in a request for another department, then it goes to that department', async () => {
    const response = await intake(
      handler,
      phoneCall({ service_code: '200', attributes: undefined, contact: undefined }),
    );
    expect(response.status).toBe(201);
    const row = await stored(response.body.service_request_id);
    expect(row).toMatchObject({ department_id: parks, intake_handler_id: handler.id, tracked: false, mail: null });
    expect(
      (await t.api.get(`/admin/v1/requests/${response.body.service_request_id}`).set(parksHandler.auth)).status,
    ).toBe(200);
  });

  it('when admins take requests in, then the city is their own or, for an instance admin, the one named', async () => {
    const own = await intake(cityAdmin, phoneCall({ channel: 'email' }));
    expect(own.status).toBe(201);
    expect((await stored(own.body.service_request_id)).jurisdiction_id).toBe('test.fi');
    const unnamed = await intake(admin, phoneCall());
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.errors[0].description).toMatch(/jurisdiction_id is required/);
    const named = await intake(
      admin,
      phoneCall({ jurisdiction_id: 'other.fi', attributes: undefined, channel: 'other' }),
    );
    expect(named.status).toBe(201);
    expect(named.body.service_request_id).toMatch(/^OTHER-/);
    const closed = await intake(admin, phoneCall({ jurisdiction_id: 'closed.fi' }));
    expect(closed.status).toBe(409);
    expectValidResponse('adminCreateRequest', 409, 'json', closed.body);
    expect(closed.body.errors[0].description).toBe('closed.fi takes no new requests');
    expect(await stored(named.body.service_request_id)).toMatchObject({
      jurisdiction_id: 'other.fi',
      intake_handler_id: admin.id,
    });
  });
});

describe('staff intake refusals leave nothing behind', () => {
  const cases: [string, () => TestHandler, Record<string, unknown>, number, RegExp][] = [
    ['an unknown channel', () => handler, { channel: 'pigeon' }, 400, /channel must be one of/],
    ['no channel', () => handler, { channel: undefined }, 400, /must have required property 'channel'/],
    ['no consent answer', () => handler, { publication_consent: undefined }, 400, /publication_consent/],
    ['an unknown field', () => handler, { api_key: 'x' }, 400, /unknown field "api_key"/],
    ['a bad e-mail', () => handler, { contact: { email: 'not-mail' } }, 400, /contact.email/],
    ['lat without long', () => handler, { lat: 60.4 }, 400, /lat and long must be given together/],
    ['a latitude off the globe', () => handler, { lat: 91, long: 25 }, 400, /lat must be <= 90/],
    ['a short description', () => handler, { description: 'lyhyt' }, 400, /description must be 10 to/],
    ['a missing required attribute', () => handler, { attributes: {} }, 400, /attribute\[kind\] is missing/],
    ['a wrong list key', () => handler, { attributes: { kind: 'tree' } }, 400, /attribute\[kind\] value "tree"/],
    ['an unknown category', () => handler, { service_code: '999' }, 400, /service_code "999" is not an active service/],
    [
      'an inactive category',
      () => handler,
      { service_code: '400' },
      400,
      /service_code "400" is not an active service/,
    ],
    ['no location', () => handler, { address_string: undefined }, 400, /needs a location/],
    [
      'another city named by a handler',
      () => handler,
      { jurisdiction_id: 'other.fi' },
      403,
      /you work for test.fi only/,
    ],
    ['a viewer', () => viewer, {}, 403, /role "viewer" may only read/],
    ['a viewer with a bad body', () => viewer, { channel: 'pigeon' }, 403, /role "viewer" may only read/],
    [
      "another city's handler with this city's category",
      () => otherCityHandler,
      { attributes: undefined, service_code: '200' },
      400,
      /not an active service of other.fi/,
    ],
  ];

  it.each(cases)(
    'when the intake has %s, then it is refused with its status and nothing is stored',
    async (_name, who, change, status, message) => {
      const before = await requestCount();
      const response = await intake(who(), phoneCall(change));
      expect({
        status: response.status,
        description: response.body.errors?.map((e: { description: string }) => e.description).join('; '),
      }).toEqual({
        status,
        description: expect.stringMatching(message),
      });
      expectValidResponse('adminCreateRequest', status, 'json', response.body);
      expect(await requestCount()).toBe(before);
    },
  );

  it('when no token is sent, then 401 and nothing is created', async () => {
    const before = await requestCount();
    expect((await t.api.post('/admin/v1/requests').send(phoneCall())).status).toBe(401);
    expect(await requestCount()).toBe(before);
  });
});
