/**
 * Browser keys through the admin API (docs/admin-api.md, docs/api.md "Browser keys"): creating a
 * client with `allowed_origins`, listing them, changing them with PATCH, and the errors that name
 * a bad origin. Every answer is checked against the OpenAPI document.
 */
import { createHandler, type TestHandler } from '../support/admin';
import { createTestContext, type TestContext } from '../support/context';
import { createJurisdiction, createService } from '../support/factories';
import { expectValidResponse } from '../support/openapi';

let t: TestContext;
let admin: TestHandler;

beforeAll(async () => {
  t = await createTestContext();
  await createJurisdiction(t.db.pool);
  await createService(t.db.pool, { code: '101' });
  admin = await createHandler(t.db.pool, 'admin');
});
afterAll(() => t.close());

const createClient = (body: object) => t.api.post('/admin/v1/clients').set(admin.auth).send(body);
const patchClient = (id: number, body: object) => t.api.patch(`/admin/v1/clients/${id}`).set(admin.auth).send(body);
const clientCount = async () => Number((await t.db.pool.query('SELECT count(*) FROM application')).rows[0].count);

/** A POST request from a page of `origin` with `key`. */
const postFrom = (key: string, origin: string) =>
  t.api.post('/open311/v2/requests.json').set('Origin', origin).type('form').send({
    api_key: key,
    service_code: '101',
    lat: '60.4041',
    long: '25.1043',
    description: 'Katuvalo ei pala pihatiellä.',
  });

const events = async (kind: string, clientId: number) =>
  (
    await t.db.pool.query('SELECT handler_id, data FROM account_event WHERE kind = $1 AND application_id = $2', [
      kind,
      clientId,
    ])
  ).rows;

describe('POST /admin/v1/clients with allowed_origins', () => {
  it('when origins are given, then a browser key is made with them normalised, listed and audited', async () => {
    const created = await createClient({
      name: 'Keravan verkkolomake',
      allowed_origins: ['HTTPS://WWW.Kerava.FI:443', 'http://localhost:*', 'https://www.kerava.fi'],
    });
    expect(created.status).toBe(201);
    expectValidResponse('adminCreateClient', 201, 'json', created.body);
    expect(created.body).toEqual({
      client_id: expect.any(Number),
      name: 'Keravan verkkolomake',
      api_key: expect.any(String),
      allowed_origins: ['https://www.kerava.fi', 'http://localhost:*'],
      jurisdiction_id: 'test.fi',
    });
    const id = created.body.client_id as number;
    const stored = await t.db.pool.query('SELECT allowed_origins FROM application WHERE id = $1', [id]);
    expect(stored.rows).toEqual([{ allowed_origins: ['https://www.kerava.fi', 'http://localhost:*'] }]);
    expect(await events('client_created', id)).toEqual([
      {
        handler_id: admin.id,
        data: {
          name: 'Keravan verkkolomake',
          allowed_origins: ['https://www.kerava.fi', 'http://localhost:*'],
          jurisdiction_id: 'test.fi',
        },
      },
    ]);
    expect((await postFrom(created.body.api_key, 'https://www.kerava.fi')).status).toBe(200);
    expect((await postFrom(created.body.api_key, 'https://www.jarvenpaa.fi')).status).toBe(403);

    const server = await createClient({ name: 'Integraatio', allowed_origins: null });
    expect(server.status).toBe(201);
    expect(server.body.allowed_origins).toBeNull();
    const list = await t.api.get('/admin/v1/clients').set(admin.auth);
    expectValidResponse('adminListClients', 200, 'json', list.body);
    const byId = new Map(list.body.items.map((item: { client_id: number }) => [item.client_id, item]));
    expect(byId.get(id)).toMatchObject({ allowed_origins: ['https://www.kerava.fi', 'http://localhost:*'] });
    expect(byId.get(server.body.client_id)).toMatchObject({ allowed_origins: null });
  });

  it.each([
    ['a path', ['https://www.kerava.fi/palaute'], '"https://www.kerava.fi/palaute" has a path'],
    ['a trailing slash', ['https://www.kerava.fi/'], 'write https://www.kerava.fi'],
    ['another scheme', ['ftp://www.kerava.fi'], '"ftp://www.kerava.fi": the scheme must be http or https'],
    ['a host wildcard', ['https://*.kerava.fi'], 'a wildcard may only stand for the whole port'],
    ['a port and a wildcard', ['http://localhost:8080:*'], 'give either a port or :*'],
    ['no scheme', ['www.kerava.fi'], '"www.kerava.fi" is not an origin'],
    ['a bad port', ['http://localhost:99999'], '"localhost:99999" is not a valid host[:port]'],
    ['a user name', ['https://matti@www.kerava.fi'], 'no user name'],
    ['an empty list', [], 'allowed_origins'],
    ['a list that is not of strings', [42], 'allowed_origins'],
  ])('when an origin has %s, then 400 naming it and nothing is created', async (_what, origins, named) => {
    const before = await clientCount();
    const response = await createClient({ name: 'Huono', allowed_origins: origins });
    expect(response.status).toBe(400);
    expectValidResponse('adminCreateClient', 400, 'json', response.body);
    expect(response.body.errors.map((e: { description: string }) => e.description).join('\n')).toContain(named);
    expect(await clientCount()).toBe(before);
  });

  it('when several origins are bad, then each is named in one 400', async () => {
    const response = await createClient({
      name: 'Huono',
      allowed_origins: ['https://ok.example', 'https://a.example/x', 'gopher://b.example'],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { description: string }) => e.description)).toEqual([
      'allowed_origins: "https://a.example/x" has a path, query or fragment; an origin has none: write https://a.example',
      'allowed_origins: "gopher://b.example": the scheme must be http or https',
    ]);
  });
});

describe('PATCH /admin/v1/clients/{client_id}', () => {
  it('when the origins change, then POSTs follow at once and the change is audited with the previous list', async () => {
    const created = await createClient({ name: 'Vanha sivu', allowed_origins: ['https://vanha.example'] });
    const id = created.body.client_id as number;
    const key = created.body.api_key as string;
    const patched = await patchClient(id, { name: ' Uusi sivu ', allowed_origins: ['https://uusi.example'] });
    expect(patched.status).toBe(200);
    expectValidResponse('adminUpdateClient', 200, 'json', patched.body);
    expect(patched.body).toEqual({
      client_id: id,
      name: 'Uusi sivu',
      created_datetime: expect.any(String),
      revoked_datetime: null,
      allowed_origins: ['https://uusi.example'],
      jurisdiction_id: 'test.fi',
    });
    expect(patched.headers['cache-control']).toBe('private, no-store');
    expect((await postFrom(key, 'https://vanha.example')).status).toBe(403);
    expect((await postFrom(key, 'https://uusi.example')).status).toBe(200);
    expect(await events('client_updated', id)).toEqual([
      {
        handler_id: admin.id,
        data: {
          changes: { name: 'Uusi sivu', allowed_origins: ['https://uusi.example'] },
          previous: { name: 'Vanha sivu', allowed_origins: ['https://vanha.example'] },
        },
      },
    ]);
  });

  it('when a server-side key gets origins, then it becomes a browser key', async () => {
    const created = await createClient({ name: 'Palvelin' });
    const key = created.body.api_key as string;
    expect((await postFrom(key, 'https://mikä.tahansa.example')).status).toBe(200);
    const patched = await patchClient(created.body.client_id, { allowed_origins: ['http://localhost:*'] });
    expect(patched.status).toBe(200);
    expect((await postFrom(key, 'https://muu.example')).status).toBe(403);
    expect((await postFrom(key, 'http://localhost:3000')).status).toBe(200);
  });

  it('when a browser key would become a server-side key, then 409 and it keeps its origins', async () => {
    const created = await createClient({ name: 'Selain', allowed_origins: ['https://selain.example'] });
    const response = await patchClient(created.body.client_id, { allowed_origins: null });
    expect(response.status).toBe(409);
    expectValidResponse('adminUpdateClient', 409, 'json', response.body);
    expect(response.body.errors[0].description).toContain('cannot become a server-side key');
    const stored = await t.db.pool.query('SELECT allowed_origins FROM application WHERE id = $1', [
      created.body.client_id,
    ]);
    expect(stored.rows[0].allowed_origins).toEqual(['https://selain.example']);
    expect(await events('client_updated', created.body.client_id)).toEqual([]);
  });

  it('when the client is revoked, unknown, the body empty or an origin bad, then 409, 404, 400, 400 and nothing changes', async () => {
    const created = await createClient({ name: 'Peruttu', allowed_origins: ['https://peruttu.example'] });
    const id = created.body.client_id as number;
    const bad = await patchClient(id, { allowed_origins: ['https://peruttu.example/polku'] });
    expect(bad.status).toBe(400);
    expectValidResponse('adminUpdateClient', 400, 'json', bad.body);
    expect(bad.body.errors[0].description).toContain('"https://peruttu.example/polku" has a path');
    const empty = await patchClient(id, {});
    expect(empty.status).toBe(400);
    const unknownField = await patchClient(id, { api_key: 'x' });
    expect(unknownField.status).toBe(400);
    expect((await t.api.delete(`/admin/v1/clients/${id}`).set(admin.auth)).status).toBe(204);
    const revoked = await patchClient(id, { allowed_origins: ['https://toinen.example'] });
    expect(revoked.status).toBe(409);
    expect(revoked.body.errors[0].description).toBe(`client_id ${id} is revoked: create a new client`);
    const missing = await patchClient(999999, { name: 'Ei ole' });
    expect(missing.status).toBe(404);
    expectValidResponse('adminUpdateClient', 404, 'json', missing.body);
    const stored = await t.db.pool.query('SELECT name, allowed_origins FROM application WHERE id = $1', [id]);
    expect(stored.rows).toEqual([{ name: 'Peruttu', allowed_origins: ['https://peruttu.example'] }]);
    expect(await events('client_updated', id)).toEqual([]);
  });
});
