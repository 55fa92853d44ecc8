/**
 * Cities managed through the admin API (docs/admin-api.md, "Cities"): adding, listing, reading and
 * changing them, every bad field named in a 400, the conflicts (host names, prefixes, the one
 * unprefixed city) as 409, instance admins only, every change audited, and each city numbering
 * its requests from its own sequence. Every answer is checked against the OpenAPI document.
 */
import { insertApplication } from '../../src/repositories/application-repository';
import { createHandler, type TestHandler } from '../support/admin';
import { createTestContext, type TestContext } from '../support/context';
import { createJurisdiction, createService } from '../support/factories';
import { expectValidResponse } from '../support/openapi';

let t: TestContext;
let admin: TestHandler;

/** Roughly Järvenpää: a box around the town centre, [long, lat]. */
const JARVENPAA_BOX = [
  [
    [25.0, 60.43],
    [25.2, 60.43],
    [25.2, 60.52],
    [25.0, 60.52],
    [25.0, 60.43],
  ],
];

const JARVENPAA = {
  jurisdiction_id: 'jarvenpaa.fi',
  names: { fi: 'Järvenpää', sv: 'Träskända', en: 'Järvenpää' },
  default_locale: 'fi',
  mail_from_name: 'Järvenpään palaute',
  mail_from_address: 'palaute@jarvenpaa.fi',
  public_base_url: 'https://palaute.jarvenpaa.fi/',
  host_names: ['Palaute.Jarvenpaa.fi'],
  map: {
    tile_url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    attribution: '© OpenStreetMap',
    lat: 60.47,
    long: 25.09,
    zoom: 13,
  },
  boundary: { type: 'Polygon', coordinates: JARVENPAA_BOX },
  request_prefix: 'JP',
};

beforeAll(async () => {
  t = await createTestContext();
  await createJurisdiction(t.db.pool, 'test.fi');
  admin = await createHandler(t.db.pool, 'admin');
});
afterAll(() => t.close());

const post = (body: object, who = admin) => t.api.post('/admin/v1/jurisdictions').set(who.auth).send(body);
const patch = (id: string, body: object, who = admin) =>
  t.api.patch(`/admin/v1/jurisdictions/${id}`).set(who.auth).send(body);
const cityCount = async () => Number((await t.db.pool.query('SELECT count(*) FROM jurisdiction')).rows[0].count);
const audit = async (id: string) =>
  (
    await t.db.pool.query(
      `SELECT kind, handler_id, data FROM catalogue_event
        WHERE jurisdiction_id = $1 AND kind LIKE 'jurisdiction_%' ORDER BY id`,
      [id],
    )
  ).rows;

describe('POST /admin/v1/jurisdictions', () => {
  it('when an instance admin adds a city, then it is stored normalised, answered in full, audited and gets its own sequence', async () => {
    const created = await post(JARVENPAA);
    expect(created.status).toBe(201);
    expectValidResponse('adminCreateJurisdiction', 201, 'json', created.body);
    expect(created.headers.location).toBe('/admin/v1/jurisdictions/jarvenpaa.fi');
    expect(created.body).toEqual({
      ...JARVENPAA,
      public_base_url: 'https://palaute.jarvenpaa.fi',
      host_names: ['palaute.jarvenpaa.fi'],
      boundary: { type: 'MultiPolygon', coordinates: [JARVENPAA_BOX] },
      active: true,
      created_datetime: expect.any(String),
    });
    const events = await audit('jarvenpaa.fi');
    expect(events).toEqual([
      { kind: 'jurisdiction_created', handler_id: admin.id, data: expect.objectContaining({ request_prefix: 'JP' }) },
    ]);
    const sequence = await t.db.pool.query(
      `SELECT number_sequence, to_regclass(number_sequence) IS NOT NULL AS exists FROM jurisdiction WHERE id = $1`,
      ['jarvenpaa.fi'],
    );
    expect(sequence.rows).toEqual([{ number_sequence: 'service_request_number_jp', exists: true }]);
  });

  it('when the cities are listed or one is read, then each has all its settings, oldest first', async () => {
    const list = await t.api.get('/admin/v1/jurisdictions').set(admin.auth);
    expect(list.status).toBe(200);
    expectValidResponse('adminListJurisdictions', 200, 'json', list.body);
    expect(list.body.items.map((city: { jurisdiction_id: string }) => city.jurisdiction_id)).toEqual([
      'test.fi',
      'jarvenpaa.fi',
    ]);
    expect(list.body.items[0]).toMatchObject({ request_prefix: null, boundary: null, host_names: [], active: true });
    const one = await t.api.get('/admin/v1/jurisdictions/jarvenpaa.fi').set(admin.auth);
    expect(one.status).toBe(200);
    expectValidResponse('adminGetJurisdiction', 200, 'json', one.body);
    expect(one.body).toEqual(list.body.items[1]);
    const missing = await t.api.get('/admin/v1/jurisdictions/nowhere.fi').set(admin.auth);
    expect(missing.status).toBe(404);
    expectValidResponse('adminGetJurisdiction', 404, 'json', missing.body);
    expect(missing.body.errors[0].description).toContain('nowhere.fi');
  });

  it("when the widget starts for the new city, named or by its host, then it gets that city's map; the first city keeps the deployment's", async () => {
    const widget = async (query: string, host?: string) => {
      const request = t.api.get(`/widget/config.json${query}`);
      if (host !== undefined) request.set('Host', host);
      const response = await request;
      expect(response.status).toBe(200);
      expectValidResponse('getWidgetConfig', 200, 'json', response.body);
      return response.body as { jurisdiction_id: string; map: Record<string, unknown> };
    };
    const named = await widget('?jurisdiction_id=jarvenpaa.fi');
    expect(named).toMatchObject({ jurisdiction_id: 'jarvenpaa.fi', map: { ...JARVENPAA.map, max_zoom: 19 } });
    expect(await widget('', 'palaute.jarvenpaa.fi')).toEqual(named);
    const first = await widget('');
    expect(first.jurisdiction_id).toBe('test.fi');
    expect([first.map.lat, first.map.long]).toEqual([60.403, 25.105]);
  });

  const bowtie = [
    [
      [25.0, 60.0],
      [25.1, 60.1],
      [25.1, 60.0],
      [25.0, 60.1],
      [25.0, 60.0],
    ],
  ];
  const valid = { jurisdiction_id: 'tuusula.fi', names: { fi: 'Tuusula' }, request_prefix: 'TU' };
  it.each<[string, object, string]>([
    ['an upper-case id', { jurisdiction_id: 'Tuusula.fi' }, 'jurisdiction_id'],
    ['an id that is no domain-like name', { jurisdiction_id: 'tuusula' }, 'jurisdiction_id "tuusula"'],
    ['no Finnish name', { names: { sv: 'Tusby' } }, "names must have required property 'fi'"],
    ['a blank Finnish name', { names: { fi: '   ' } }, 'names.fi must not be blank'],
    ['an unknown default language', { default_locale: 'de' }, 'default_locale must be one of'],
    ['a sender address that is none', { mail_from_address: 'palaute at tuusula' }, 'mail_from_address must match'],
    ['a sender name without an address', { mail_from_name: 'Tuusulan palaute' }, 'mail_from_name needs'],
    ['a base URL that is not http', { public_base_url: 'ftp://tuusula.fi' }, 'public_base_url'],
    ['a base URL with a query', { public_base_url: 'https://tuusula.fi/?a=1' }, 'public_base_url must be'],
    ['a host name with a space', { host_names: ['palaute tuusula.fi'] }, 'host_names: "palaute tuusula.fi"'],
    ['a host name given twice', { host_names: ['a.tuusula.fi', 'A.tuusula.fi'] }, 'is given twice'],
    [
      'tiles without {z}',
      { map: { tile_url: 'https://tiles.test/{x}/{y}.png', attribution: 'x', lat: 60.4, long: 25, zoom: 12 } },
      'map.tile_url must contain {z}',
    ],
    [
      'a map centre off the globe',
      { map: { tile_url: 'https://tiles.test/{z}/{x}/{y}.png', attribution: 'x', lat: 100, long: 25, zoom: 12 } },
      'map.lat must be <= 90',
    ],
    ['a boundary that is a point', { boundary: { type: 'Point', coordinates: [25, 60] } }, 'boundary.type'],
    ['a self-crossing boundary', { boundary: { type: 'Polygon', coordinates: bowtie } }, 'boundary is not a valid'],
    ['an unreadable boundary', { boundary: { type: 'Polygon', coordinates: [[[25]]] } }, 'boundary is not'],
    [
      'a boundary in metres',
      {
        boundary: {
          type: 'Polygon',
          coordinates: [
            [
              [390000, 6700000],
              [391000, 6700000],
              [391000, 6701000],
              [390000, 6700000],
            ],
          ],
        },
      },
      'boundary must be WGS84',
    ],
    ['a lower-case prefix', { request_prefix: 'tu' }, 'request_prefix must match'],
    ['a prefix of seven letters', { request_prefix: 'TUUSULA' }, 'request_prefix must match'],
    ['an unknown field', { colour: 'blue' }, 'unknown field "colour"'],
  ])('when the body has %s, then 400 names the field and nothing is stored', async (_what, change, named) => {
    const before = await cityCount();
    const response = await post({ ...valid, ...change });
    expect(response.status).toBe(400);
    expectValidResponse('adminCreateJurisdiction', 400, 'json', response.body);
    const descriptions = response.body.errors.map((error: { description: string }) => error.description);
    expect(descriptions.join('\n')).toContain(named);
    expect(await cityCount()).toBe(before);
  });

  it('when a host name belongs to another city, then 409 names that city', async () => {
    const response = await post({ ...valid, host_names: ['palaute.jarvenpaa.fi'] });
    expect(response.status).toBe(409);
    expectValidResponse('adminCreateJurisdiction', 409, 'json', response.body);
    expect(response.body.errors[0].description).toBe(
      'host_names: "palaute.jarvenpaa.fi" already belongs to city jarvenpaa.fi',
    );
  });

  it('when a second city comes without a prefix, then 409 says that test.fi already numbers without one', async () => {
    const response = await post({ ...valid, request_prefix: undefined });
    expect(response.status).toBe(409);
    expect(response.body.errors[0].description).toMatch(
      /^request_prefix is required: city test\.fi already numbers its requests without a prefix/,
    );
  });

  it('when the prefix or the id is taken, then 409 says by which city', async () => {
    const prefix = await post({ ...valid, request_prefix: 'JP' });
    expect(prefix.status).toBe(409);
    expect(prefix.body.errors[0].description).toBe('request_prefix: "JP" is already the prefix of city jarvenpaa.fi');
    const id = await post({ ...valid, jurisdiction_id: 'jarvenpaa.fi' });
    expect(id.status).toBe(409);
    expect(id.body.errors[0].description).toBe('jurisdiction_id: city jarvenpaa.fi already exists');
  });
});

describe('PATCH /admin/v1/jurisdictions/{jurisdiction_id}', () => {
  it('when fields change, then only they change and the audit log keeps the previous values', async () => {
    const response = await patch('jarvenpaa.fi', {
      names: { fi: 'Järvenpään kaupunki', sv: 'Träskända stad' },
      host_names: ['palaute.jarvenpaa.fi', 'jarvenpaa.palaute.test'],
      boundary: null,
      active: false,
    });
    expect(response.status).toBe(200);
    expectValidResponse('adminUpdateJurisdiction', 200, 'json', response.body);
    expect(response.body).toMatchObject({
      names: { fi: 'Järvenpään kaupunki', sv: 'Träskända stad' },
      host_names: ['palaute.jarvenpaa.fi', 'jarvenpaa.palaute.test'],
      boundary: null,
      active: false,
      request_prefix: 'JP',
      mail_from_address: 'palaute@jarvenpaa.fi',
    });
    const events = await audit('jarvenpaa.fi');
    expect(events[1]).toEqual({
      kind: 'jurisdiction_updated',
      handler_id: admin.id,
      data: {
        changes: {
          names: { fi: 'Järvenpään kaupunki', sv: 'Träskända stad' },
          host_names: ['palaute.jarvenpaa.fi', 'jarvenpaa.palaute.test'],
          boundary: null,
          active: false,
        },
        previous: {
          names: JARVENPAA.names,
          host_names: ['palaute.jarvenpaa.fi'],
          boundary: { type: 'MultiPolygon', coordinates: [JARVENPAA_BOX] },
          active: true,
        },
      },
    });
    const back = await patch('jarvenpaa.fi', { active: true, boundary: JARVENPAA.boundary });
    expect(back.body).toMatchObject({ active: true, boundary: { type: 'MultiPolygon' } });
  });

  it('when the prefix would change, a host is taken or the sender loses its address, then 409 or 400 says why', async () => {
    const prefix = await patch('jarvenpaa.fi', { request_prefix: 'JA' });
    expect(prefix.status).toBe(409);
    expect(prefix.body.errors[0].description).toContain(
      'request_prefix of city jarvenpaa.fi is "JP" and cannot change',
    );
    const host = await patch('test.fi', { host_names: ['jarvenpaa.palaute.test'] });
    expect(host.status).toBe(409);
    expect(host.body.errors[0].description).toContain('already belongs to city jarvenpaa.fi');
    const sender = await patch('jarvenpaa.fi', { mail_from_address: null });
    expect(sender.status).toBe(400);
    expect(sender.body.errors[0].description).toContain('mail_from_name needs mail_from_address');
    const unknown = await patch('nowhere.fi', { active: false });
    expect(unknown.status).toBe(404);
    const same = await patch('jarvenpaa.fi', { request_prefix: 'JP' });
    expect(same.status).toBe(200);
  });
});

const valid403 = { jurisdiction_id: 'mantsala.fi', names: { fi: 'Mäntsälä' }, request_prefix: 'MA' };

describe('who may manage cities', () => {
  it('when a city admin, a handler or a viewer calls any city route, then 403 and nothing changes', async () => {
    const cityAdmin = await createHandler(t.db.pool, 'admin');
    await t.db.pool.query(`UPDATE handler SET jurisdiction_id = 'test.fi' WHERE id = $1`, [cityAdmin.id]);
    const handler = await createHandler(t.db.pool, 'handler');
    const viewer = await createHandler(t.db.pool, 'viewer');
    for (const who of [cityAdmin, handler, viewer]) {
      const calls = [
        t.api.get('/admin/v1/jurisdictions').set(who.auth),
        t.api.get('/admin/v1/jurisdictions/test.fi').set(who.auth),
        post({ ...valid403 }, who),
        patch('test.fi', { active: false }, who),
      ];
      for (const response of await Promise.all(calls)) {
        expect(response.status).toBe(403);
        expectValidResponse('adminListJurisdictions', 403, 'json', response.body);
      }
    }
    expect(await cityCount()).toBe(2);
    const city = await t.api.get('/admin/v1/jurisdictions/test.fi').set(admin.auth);
    expect(city.body.active).toBe(true);
  });
});

describe('request numbers per city', () => {
  it('when both cities get requests, then the new city numbers JP-<year>-000001 on and the first keeps its plain ids', async () => {
    await createService(t.db.pool, { code: '101' });
    await createService(t.db.pool, { code: '101', jurisdictionId: 'jarvenpaa.fi' });
    const kerava = (await insertApplication(t.db.pool, 'kerava', null, 'test.fi')).key;
    const jarvenpaa = (await insertApplication(t.db.pool, 'jarvenpaa', null, 'jarvenpaa.fi')).key;
    const send = (key: string, lat: string, long: string) =>
      t.api.post('/open311/v2/requests.json').type('form').send({
        api_key: key,
        service_code: '101',
        lat,
        long,
        description: 'Katuvalo ei pala pihatiellä.',
      });
    const ids: string[] = [];
    for (const [key, lat, long] of [
      [jarvenpaa, '60.47', '25.09'],
      [kerava, '60.40', '25.10'],
      [jarvenpaa, '60.48', '25.08'],
    ]) {
      const response = await send(key, lat, long);
      expect(response.status).toBe(200);
      ids.push(response.body[0].service_request_id);
    }
    const year = new Date().getFullYear();
    expect(ids).toEqual([`JP-${year}-000001`, `${year}-000001`, `JP-${year}-000002`]);
    const stored = await t.db.pool.query(`SELECT public_id, jurisdiction_id FROM service_request ORDER BY id`);
    expect(stored.rows.map((row) => row.jurisdiction_id)).toEqual(['jarvenpaa.fi', 'test.fi', 'jarvenpaa.fi']);
  });
});
