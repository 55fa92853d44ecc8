import { createHash } from 'node:crypto';
import { createTestContext, type TestContext } from '../support/context';
import { createHandler, type TestHandler } from '../support/admin';
import { seedCatalogue } from '../support/catalogue';
import { createDepartment } from '../support/factories';
import { expectValidResponse } from '../support/openapi';

let t: TestContext;
let streets: number;
let parks: number;
let admin: TestHandler;
let handler: TestHandler;
let viewer: TestHandler;

const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function accountEvents(kind: string, target: { handler?: number; client?: number }) {
  const result = await t.db.pool.query(
    `SELECT handler_id, credential_id, data FROM account_event
      WHERE kind = $1 AND (target_handler_id = $2 OR application_id = $3) ORDER BY id`,
    [kind, target.handler ?? null, target.client ?? null],
  );
  return result.rows;
}

/** A handler made through the API, as an admin would; returns the 201 body. */
async function postHandler(body: Record<string, unknown>) {
  const response = await t.api.post('/admin/v1/handlers').set(admin.auth).send(body);
  expect(response.status).toBe(201);
  return response.body as { id: number; token: string; token_id: number };
}

beforeAll(async () => {
  t = await createTestContext();
  await seedCatalogue(t.db.pool);
  streets = (await t.db.pool.query<{ id: number }>(`SELECT id FROM department WHERE code = 'streets'`)).rows[0].id;
  parks = await createDepartment(t.db.pool, 'test.fi', 'parks', { fi: 'Puistot' });
  admin = await createHandler(t.db.pool, 'admin');
  handler = await createHandler(t.db.pool, 'handler', [streets]);
  viewer = await createHandler(t.db.pool, 'viewer', [streets]);
});
afterAll(() => t.close());

describe('who may manage accounts', () => {
  type Call = [string, 'get' | 'post' | 'patch' | 'delete', () => string, object | undefined];
  const adminOnly: Call[] = [
    ['adminListHandlers', 'get', () => '/admin/v1/handlers', undefined],
    ['adminCreateHandler', 'post', () => '/admin/v1/handlers', { email: 'x@city.test', role: 'admin' }],
    ['adminGetHandler', 'get', () => `/admin/v1/handlers/${admin.id}`, undefined],
    ['adminUpdateHandler', 'patch', () => `/admin/v1/handlers/${admin.id}`, { role: 'viewer' }],
    ['adminListHandlerTokens', 'get', () => `/admin/v1/handlers/${admin.id}/tokens`, undefined],
    ['adminCreateHandlerToken', 'post', () => `/admin/v1/handlers/${admin.id}/tokens`, {}],
    ['adminRevokeHandlerToken', 'delete', () => `/admin/v1/handlers/${admin.id}/tokens/1`, undefined],
    ['adminListClients', 'get', () => '/admin/v1/clients', undefined],
    ['adminCreateClient', 'post', () => '/admin/v1/clients', { name: 'Sneaky app' }],
    ['adminUpdateClient', 'patch', () => '/admin/v1/clients/1', { allowed_origins: ['https://www.kerava.fi'] }],
    ['adminRevokeClient', 'delete', () => '/admin/v1/clients/1', undefined],
  ];

  it.each(adminOnly)(
    'when a handler or a viewer calls %s (%s), then 403 and nothing changes',
    async (operationId, method, path, body) => {
      const before = await t.db.pool.query('SELECT count(*) FROM account_event');
      for (const who of [handler, viewer]) {
        const request = t.api[method](path()).set(who.auth);
        const response = await (body === undefined ? request : request.send(body));
        expect(response.status).toBe(403);
        expectValidResponse(operationId, 403, 'json', response.body);
      }
      expect((await t.db.pool.query('SELECT count(*) FROM account_event')).rows).toEqual(before.rows);
      const admins = await t.db.pool.query(`SELECT 1 FROM handler WHERE id = $1 AND role = 'admin'`, [admin.id]);
      expect(admins.rowCount).toBe(1);
    },
  );

  it.each(adminOnly)('when %s (%s) is called without a token, then 401', async (operationId, method, path, body) => {
    const request = t.api[method](path());
    const response = await (body === undefined ? request : request.send(body));
    expect(response.status).toBe(401);
    expectValidResponse(operationId, 401, 'json', response.body);
  });
});

describe('handlers', () => {
  it('when an admin lists handlers, then each has role, departments and state, and no secret leaks', async () => {
    const response = await t.api.get('/admin/v1/handlers').set(admin.auth);
    expect(response.status).toBe(200);
    expectValidResponse('adminListHandlers', 200, 'json', response.body);
    const byId = new Map(response.body.items.map((h: { id: number }) => [h.id, h]));
    expect(byId.get(handler.id)).toMatchObject({ role: 'handler', department_ids: [streets], active: true });
    expect(byId.get(admin.id)).toMatchObject({ role: 'admin', last_used_datetime: expect.any(String) });
    const text = JSON.stringify(response.body);
    expect(text).not.toContain(handler.token);
    expect(text).not.toContain(sha256(handler.token));
  });

  it('when an admin creates a handler, then 201 with a first token that works at once and is stored hashed', async () => {
    const response = await t.api
      .post('/admin/v1/handlers')
      .set(admin.auth)
      .send({ email: 'Puisto.Hoitaja@city.test', name: '  Pia Puisto ', role: 'handler', department_ids: [parks] });
    expect(response.status).toBe(201);
    expectValidResponse('adminCreateHandler', 201, 'json', response.body);
    expect(response.headers.location).toBe(`/admin/v1/handlers/${response.body.id}`);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toMatchObject({
      email: 'Puisto.Hoitaja@city.test',
      name: 'Pia Puisto',
      role: 'handler',
      department_ids: [parks],
      active: true,
      last_used_datetime: null,
    });
    const me = await t.api.get('/admin/v1/me').set(bearer(response.body.token));
    expect(me.body).toMatchObject({ id: response.body.id, role: 'handler', department_ids: [parks] });
    const stored = await t.db.pool.query('SELECT secret_hash FROM handler_credential WHERE handler_id = $1', [
      response.body.id,
    ]);
    expect(stored.rows).toEqual([{ secret_hash: sha256(response.body.token) }]);
    expect(await accountEvents('handler_created', { handler: response.body.id })).toEqual([
      expect.objectContaining({ handler_id: admin.id, data: expect.objectContaining({ role: 'handler' }) }),
    ]);
    expect(await accountEvents('token_issued', { handler: response.body.id })).toEqual([
      expect.objectContaining({ handler_id: admin.id, credential_id: response.body.token_id }),
    ]);
  });

  it('when the e-mail address is taken in another case, then 409 and no second account', async () => {
    await postHandler({ email: 'kaksoset@city.test', role: 'viewer' });
    const response = await t.api
      .post('/admin/v1/handlers')
      .set(admin.auth)
      .send({ email: 'KAKSOSET@City.Test', role: 'admin' });
    expect(response.status).toBe(409);
    expectValidResponse('adminCreateHandler', 409, 'json', response.body);
    expect(response.body.errors[0].description).toContain('email');
    const rows = await t.db.pool.query(`SELECT role FROM handler WHERE lower(email) = 'kaksoset@city.test'`);
    expect(rows.rows).toEqual([{ role: 'viewer' }]);
  });

  it('when a department does not exist, then 400 naming department_ids and the id', async () => {
    const response = await t.api
      .post('/admin/v1/handlers')
      .set(admin.auth)
      .send({ email: 'ghost@city.test', role: 'handler', department_ids: [streets, 99999] });
    expect(response.status).toBe(400);
    expectValidResponse('adminCreateHandler', 400, 'json', response.body);
    expect(response.body.errors).toEqual([{ code: 400, description: expect.stringMatching(/department_ids.*99999/) }]);
    expect((await t.db.pool.query(`SELECT 1 FROM handler WHERE email = 'ghost@city.test'`)).rowCount).toBe(0);
  });

  it('when the body is wrong, then 400 naming every field', async () => {
    const response = await t.api
      .post('/admin/v1/handlers')
      .set(admin.auth)
      .send({ name: 'No Mail', role: 'superuser', department_ids: ['streets'], shoe_size: 44 });
    expect(response.status).toBe(400);
    expectValidResponse('adminCreateHandler', 400, 'json', response.body);
    const text = response.body.errors.map((e: { description: string }) => e.description).join('\n');
    expect(text).toContain('email');
    expect(text).toMatch(/role must be one of "admin", "handler", "viewer"/);
    expect(text).toContain('department_ids.0');
    expect(text).toContain('unknown field "shoe_size"');
    const badMail = await t.api.post('/admin/v1/handlers').set(admin.auth).send({ email: 'not-mail', role: 'viewer' });
    expect(badMail.status).toBe(400);
    expect(badMail.body.errors[0].description).toContain('email');
  });

  it('when an admin reads one handler, then 200; an unknown id is 404 and a non-number 400', async () => {
    const one = await t.api.get(`/admin/v1/handlers/${viewer.id}`).set(admin.auth);
    expect(one.status).toBe(200);
    expectValidResponse('adminGetHandler', 200, 'json', one.body);
    expect(one.body).toMatchObject({ id: viewer.id, role: 'viewer', department_ids: [streets] });
    const missing = await t.api.get('/admin/v1/handlers/999999').set(admin.auth);
    expect(missing.status).toBe(404);
    expectValidResponse('adminGetHandler', 404, 'json', missing.body);
    const bad = await t.api.get('/admin/v1/handlers/abc').set(admin.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].description).toContain('handler_id');
  });

  it('when an admin changes role and departments, then the handler holds them on the next request', async () => {
    const created = await postHandler({ email: 'vaihtuva@city.test', role: 'viewer', department_ids: [streets] });
    const response = await t.api
      .patch(`/admin/v1/handlers/${created.id}`)
      .set(admin.auth)
      .send({ role: 'handler', department_ids: [parks, streets], name: 'Veli Vaihtuva' });
    expect(response.status).toBe(200);
    expectValidResponse('adminUpdateHandler', 200, 'json', response.body);
    expect(response.body).toMatchObject({ role: 'handler', department_ids: [streets, parks].sort((a, b) => a - b) });
    const me = await t.api.get('/admin/v1/me').set(bearer(created.token));
    expect(me.body).toMatchObject({ role: 'handler', name: 'Veli Vaihtuva' });
    expect([...me.body.department_ids].sort()).toEqual([streets, parks].sort());
    expect(await accountEvents('handler_updated', { handler: created.id })).toEqual([
      expect.objectContaining({
        handler_id: admin.id,
        data: {
          changes: { role: 'handler', department_ids: [parks, streets], name: 'Veli Vaihtuva' },
          previous: { role: 'viewer', department_ids: [streets], name: '' },
        },
      }),
    ]);
  });

  it('when a handler is deactivated, then their token is 401 at once; reactivated, it works again', async () => {
    const created = await postHandler({ email: 'lomalla@city.test', role: 'handler', department_ids: [streets] });
    const off = await t.api.patch(`/admin/v1/handlers/${created.id}`).set(admin.auth).send({ active: false });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    const refused = await t.api.get('/admin/v1/me').set(bearer(created.token));
    expect(refused.status).toBe(401);
    expectValidResponse('adminGetMe', 401, 'json', refused.body);
    const token = await t.api.post(`/admin/v1/handlers/${created.id}/tokens`).set(admin.auth).send({});
    expect(token.status).toBe(409);
    expectValidResponse('adminCreateHandlerToken', 409, 'json', token.body);
    await t.api.patch(`/admin/v1/handlers/${created.id}`).set(admin.auth).send({ active: true });
    expect((await t.api.get('/admin/v1/me').set(bearer(created.token))).status).toBe(200);
  });

  it('when the e-mail is changed to a taken one, or nothing is sent, then 409 and 400', async () => {
    const created = await postHandler({ email: 'uusi.osoite@city.test', role: 'viewer' });
    const taken = await t.api
      .patch(`/admin/v1/handlers/${created.id}`)
      .set(admin.auth)
      .send({ email: 'KAKSOSET@city.test' });
    expect(taken.status).toBe(409);
    expectValidResponse('adminUpdateHandler', 409, 'json', taken.body);
    const empty = await t.api.patch(`/admin/v1/handlers/${created.id}`).set(admin.auth).send({});
    expect(empty.status).toBe(400);
    expectValidResponse('adminUpdateHandler', 400, 'json', empty.body);
    const ghost = await t.api
      .patch(`/admin/v1/handlers/${created.id}`)
      .set(admin.auth)
      .send({ department_ids: [88888] });
    expect(ghost.status).toBe(400);
    expect(ghost.body.errors[0].description).toMatch(/department_ids.*88888/);
    const same = await t.api
      .patch(`/admin/v1/handlers/${created.id}`)
      .set(admin.auth)
      .send({ email: 'Uusi.Osoite@city.test' });
    expect(same.status).toBe(200);
    expect(same.body.email).toBe('Uusi.Osoite@city.test');
    const missing = await t.api.patch('/admin/v1/handlers/999999').set(admin.auth).send({ name: 'X' });
    expect(missing.status).toBe(404);
  });
});

describe('the last active admin', () => {
  let others: number[];
  beforeAll(async () => {
    const result = await t.db.pool.query<{ id: number }>(
      `UPDATE handler SET active = false WHERE role = 'admin' AND active AND id <> $1 RETURNING id`,
      [admin.id],
    );
    others = result.rows.map((row) => row.id);
  });
  afterAll(async () => {
    await t.db.pool.query('UPDATE handler SET active = true WHERE id = ANY($1::int[])', [others]);
  });

  it.each([[{ role: 'handler' }], [{ active: false }], [{ role: 'viewer', active: false }]])(
    'when the only active admin would lose admin rights (%j), then 409 and nothing changes',
    async (patch) => {
      const response = await t.api.patch(`/admin/v1/handlers/${admin.id}`).set(admin.auth).send(patch);
      expect(response.status).toBe(409);
      expectValidResponse('adminUpdateHandler', 409, 'json', response.body);
      expect(response.body.errors[0].description).toContain('last active admin');
      const row = await t.db.pool.query('SELECT role, active FROM handler WHERE id = $1', [admin.id]);
      expect(row.rows).toEqual([{ role: 'admin', active: true }]);
    },
  );

  it('when another admin exists, then an admin may step down; the new one may not', async () => {
    const second = await postHandler({ email: 'toinen.admin@city.test', role: 'admin' });
    const down = await t.api.patch(`/admin/v1/handlers/${admin.id}`).set(admin.auth).send({ role: 'handler' });
    expect(down.status).toBe(200);
    expect(down.body.role).toBe('handler');
    const refused = await t.api.patch(`/admin/v1/handlers/${second.id}`).set(bearer(second.token)).send({
      active: false,
    });
    expect(refused.status).toBe(409);
    const back = await t.api.patch(`/admin/v1/handlers/${admin.id}`).set(bearer(second.token)).send({ role: 'admin' });
    expect(back.status).toBe(200);
    others.push(second.id);
    await t.db.pool.query('UPDATE handler SET active = false WHERE id = $1', [second.id]);
  });
});

describe('handler tokens', () => {
  it('when a handler lists their own tokens, then only bearer tokens, no secrets, no OpenID identities', async () => {
    await t.db.pool.query(
      `INSERT INTO handler_credential (handler_id, kind, issuer, subject, label)
       VALUES ($1, 'oidc', 'https://login.city.test', 'sub-123', 'city sign-in')`,
      [handler.id],
    );
    const response = await t.api.get(`/admin/v1/handlers/${handler.id}/tokens`).set(handler.auth);
    expect(response.status).toBe(200);
    expectValidResponse('adminListHandlerTokens', 200, 'json', response.body);
    expect(response.body.items).toEqual([
      {
        token_id: expect.any(Number),
        label: 'test',
        created_datetime: expect.any(String),
        last_used_datetime: expect.any(String),
        revoked_datetime: null,
      },
    ]);
    expect(JSON.stringify(response.body)).not.toContain(sha256(handler.token));
  });

  it('when a viewer issues, uses and revokes their own token, then it works until revoked and 401 after', async () => {
    const created = await t.api
      .post(`/admin/v1/handlers/${viewer.id}/tokens`)
      .set(viewer.auth)
      .send({ label: 'tablet' });
    expect(created.status).toBe(201);
    expectValidResponse('adminCreateHandlerToken', 201, 'json', created.body);
    expect(created.headers['cache-control']).toBe('no-store');
    expect(created.body).toEqual({ token_id: expect.any(Number), label: 'tablet', token: expect.any(String) });
    const stored = await t.db.pool.query('SELECT secret_hash, label FROM handler_credential WHERE id = $1', [
      created.body.token_id,
    ]);
    expect(stored.rows).toEqual([{ secret_hash: sha256(created.body.token), label: 'tablet' }]);
    expect((await t.api.get('/admin/v1/me').set(bearer(created.body.token))).body.id).toBe(viewer.id);

    const path = `/admin/v1/handlers/${viewer.id}/tokens/${created.body.token_id}`;
    const revoked = await t.api.delete(path).set(viewer.auth);
    expect(revoked.status).toBe(204);
    const refused = await t.api.get('/admin/v1/me').set(bearer(created.body.token));
    expect(refused.status).toBe(401);
    expect((await t.api.delete(path).set(viewer.auth)).status).toBe(204);
    expect(await accountEvents('token_revoked', { handler: viewer.id })).toEqual([
      expect.objectContaining({ handler_id: viewer.id, credential_id: created.body.token_id }),
    ]);
    const list = await t.api.get(`/admin/v1/handlers/${viewer.id}/tokens`).set(viewer.auth);
    const entry = list.body.items.find((item: { token_id: number }) => item.token_id === created.body.token_id);
    expect(entry).toMatchObject({ label: 'tablet', revoked_datetime: expect.any(String) });
    expect((await t.api.get('/admin/v1/me').set(viewer.auth)).status).toBe(200);
  });

  it("when an admin issues and revokes another handler's token, then it works and then 401", async () => {
    const created = await t.api.post(`/admin/v1/handlers/${handler.id}/tokens`).set(admin.auth);
    expect(created.status).toBe(201);
    expect(created.body.label).toBe('');
    expect((await t.api.get('/admin/v1/me').set(bearer(created.body.token))).body.id).toBe(handler.id);
    expect(await accountEvents('token_issued', { handler: handler.id })).toEqual([
      expect.objectContaining({ handler_id: admin.id, credential_id: created.body.token_id }),
    ]);
    const revoked = await t.api
      .delete(`/admin/v1/handlers/${handler.id}/tokens/${created.body.token_id}`)
      .set(admin.auth);
    expect(revoked.status).toBe(204);
    expect((await t.api.get('/admin/v1/me').set(bearer(created.body.token))).status).toBe(401);
  });

  it("when a token id is another handler's or an OpenID identity, then 404 and it keeps working", async () => {
    const viewerTokenId = (
      await t.db.pool.query<{ id: number }>(
        `SELECT id FROM handler_credential WHERE handler_id = $1 AND revoked_at IS NULL ORDER BY id LIMIT 1`,
        [viewer.id],
      )
    ).rows[0].id;
    const crossed = await t.api.delete(`/admin/v1/handlers/${handler.id}/tokens/${viewerTokenId}`).set(handler.auth);
    expect(crossed.status).toBe(404);
    expectValidResponse('adminRevokeHandlerToken', 404, 'json', crossed.body);
    const oidcId = (
      await t.db.pool.query<{ id: number }>(
        `SELECT id FROM handler_credential WHERE kind = 'oidc' AND handler_id = $1`,
        [handler.id],
      )
    ).rows[0].id;
    expect((await t.api.delete(`/admin/v1/handlers/${handler.id}/tokens/${oidcId}`).set(admin.auth)).status).toBe(404);
    expect((await t.api.get('/admin/v1/me').set(viewer.auth)).status).toBe(200);
    const unknownOwner = await t.api.get('/admin/v1/handlers/999999/tokens').set(admin.auth);
    expect(unknownOwner.status).toBe(404);
  });

  it('when the label is too long or a field unknown, then 400 naming it', async () => {
    const response = await t.api
      .post(`/admin/v1/handlers/${handler.id}/tokens`)
      .set(handler.auth)
      .send({ label: 'x'.repeat(101), expires: 'never' });
    expect(response.status).toBe(400);
    expectValidResponse('adminCreateHandlerToken', 400, 'json', response.body);
    const text = JSON.stringify(response.body.errors);
    expect(text).toContain('label');
    expect(text).toContain('unknown field \\"expires\\"');
  });
});

describe('client applications', () => {
  const post = (key: string) =>
    t.api.post('/open311/v2/requests.json').type('form').send({
      api_key: key,
      service_code: '102',
      lat: '60.4041',
      long: '25.1043',
      description: 'Roskia levällään puiston laidalla.',
    });

  it('when an admin creates a client, then its key posts requests, is stored hashed and never listed', async () => {
    const created = await t.api.post('/admin/v1/clients').set(admin.auth).send({ name: ' Kerava app ' });
    expect(created.status).toBe(201);
    expectValidResponse('adminCreateClient', 201, 'json', created.body);
    expect(created.headers['cache-control']).toBe('no-store');
    expect(created.body).toEqual({
      client_id: expect.any(Number),
      name: 'Kerava app',
      api_key: expect.any(String),
      allowed_origins: null,
      jurisdiction_id: 'test.fi',
    });
    const key = created.body.api_key;
    const stored = await t.db.pool.query('SELECT name, key_hash FROM application WHERE id = $1', [
      created.body.client_id,
    ]);
    expect(stored.rows).toEqual([{ name: 'Kerava app', key_hash: sha256(key) }]);
    expect((await post(key)).status).toBe(200);

    const list = await t.api.get('/admin/v1/clients').set(admin.auth);
    expect(list.status).toBe(200);
    expectValidResponse('adminListClients', 200, 'json', list.body);
    expect(list.body.items).toContainEqual({
      client_id: created.body.client_id,
      name: 'Kerava app',
      created_datetime: expect.any(String),
      revoked_datetime: null,
      allowed_origins: null,
      jurisdiction_id: 'test.fi',
    });
    expect(JSON.stringify(list.body)).not.toContain(key);
    expect(JSON.stringify(list.body)).not.toContain(sha256(key));
    expect(await accountEvents('client_created', { client: created.body.client_id })).toEqual([
      expect.objectContaining({
        handler_id: admin.id,
        data: { name: 'Kerava app', allowed_origins: null, jurisdiction_id: 'test.fi' },
      }),
    ]);
  });

  it('when an admin revokes a client, then its key is 403 on the next POST; again is 204, unknown 404', async () => {
    const created = await t.api.post('/admin/v1/clients').set(admin.auth).send({ name: 'Old app' });
    const key = created.body.api_key;
    expect((await post(key)).status).toBe(200);
    const revoked = await t.api.delete(`/admin/v1/clients/${created.body.client_id}`).set(admin.auth);
    expect(revoked.status).toBe(204);
    const refused = await post(key);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual([{ code: 403, description: 'api_key is not valid' }]);
    expect((await t.api.delete(`/admin/v1/clients/${created.body.client_id}`).set(admin.auth)).status).toBe(204);
    expect(await accountEvents('client_revoked', { client: created.body.client_id })).toHaveLength(1);
    const list = await t.api.get('/admin/v1/clients').set(admin.auth);
    const entry = list.body.items.find((item: { client_id: number }) => item.client_id === created.body.client_id);
    expect(entry.revoked_datetime).toEqual(expect.any(String));
    const missing = await t.api.delete('/admin/v1/clients/999999').set(admin.auth);
    expect(missing.status).toBe(404);
    expectValidResponse('adminRevokeClient', 404, 'json', missing.body);
  });

  it('when the name is blank or missing, then 400 naming name', async () => {
    for (const body of [{ name: '   ' }, {}]) {
      const response = await t.api.post('/admin/v1/clients').set(admin.auth).send(body);
      expect(response.status).toBe(400);
      expectValidResponse('adminCreateClient', 400, 'json', response.body);
      expect(JSON.stringify(response.body.errors)).toContain('name');
    }
  });
});
