/**
 * Roles per city (docs/admin-api.md, "Roles"): Kerava and Järvenpää in one deployment. A Kerava
 * handler and a Kerava city admin see nothing of Järvenpää (404 on its requests and records as
 * on unknown ids, 403 when they name the city, absent from lists, statistics, exports and the
 * outbox), and a city admin cannot escalate; an instance admin sees both and can filter.
 */
import { insertHandler, issueHandlerToken } from '../../src/repositories/handler-repository';
import { insertOutboxMessage } from '../../src/repositories/outbox-repository';
import { createHandler, type TestHandler } from '../support/admin';
import { createTestContext, type TestContext } from '../support/context';
import { createDepartment, createJurisdiction, createService, plantRequest } from '../support/factories';
import { expectValidResponse } from '../support/openapi';

const KERAVA = 'kerava.fi';
const JARVENPAA = 'jarvenpaa.fi';
const K1 = '2026-000001';
const K2 = '2026-000002';
const J1 = 'JP-2026-000001';

let t: TestContext;
let keravaDept: number;
let jarvenpaaDept: number;
let instance: TestHandler;
let keravaAdmin: TestHandler;
let keravaHandler: TestHandler;
let jarvenpaaHandler: TestHandler;
let jarvenpaaAdmin: TestHandler;

async function cityAdmin(city: string, email: string): Promise<TestHandler> {
  const id = await insertHandler(t.db.pool, { email, name: `Admin ${city}`, role: 'admin', jurisdictionId: city });
  const token = await issueHandlerToken(t.db.pool, id, 'test');
  return { id, token, auth: { Authorization: `Bearer ${token}` } };
}

async function plant(publicId: string, city: string, serviceId: number, departmentId: number, email: string) {
  await plantRequest(t.db.pool, {
    publicId,
    jurisdictionId: city,
    serviceId,
    email,
    requestedAt: '2026-06-01T09:00:00Z',
  });
  const { rows } = await t.db.pool.query<{ id: string }>(
    'UPDATE service_request SET department_id = $2 WHERE public_id = $1 RETURNING id',
    [publicId, departmentId],
  );
  await insertOutboxMessage(t.db.pool, {
    messageId: `<${publicId}@palaute.test>`,
    requestId: rows[0].id,
    kind: 'acknowledgement',
    locale: 'fi',
    recipient: email,
    subject: `Palaute ${publicId}`,
    body: 'Kiitos palautteesta.',
  });
}

beforeAll(async () => {
  t = await createTestContext();
  await createJurisdiction(t.db.pool, KERAVA);
  await createJurisdiction(t.db.pool, JARVENPAA);
  keravaDept = await createDepartment(t.db.pool, KERAVA, 'kaupunkitekniikka', { fi: 'Kaupunkitekniikka' });
  jarvenpaaDept = await createDepartment(t.db.pool, JARVENPAA, 'tekninen', { fi: 'Tekniset palvelut' });
  const keravaStreets = await createService(t.db.pool, {
    jurisdictionId: KERAVA,
    code: '101',
    departmentId: keravaDept,
  });
  const jarvenpaaStreets = await createService(t.db.pool, {
    jurisdictionId: JARVENPAA,
    code: '101',
    departmentId: jarvenpaaDept,
  });
  await plant(K1, KERAVA, keravaStreets, keravaDept, 'asukas1@kerava.test');
  await plant(K2, KERAVA, keravaStreets, keravaDept, 'asukas2@kerava.test');
  await plant(J1, JARVENPAA, jarvenpaaStreets, jarvenpaaDept, 'asukas@jarvenpaa.test');
  instance = await createHandler(t.db.pool, 'admin');
  keravaAdmin = await cityAdmin(KERAVA, 'admin@kerava.test');
  jarvenpaaAdmin = await cityAdmin(JARVENPAA, 'admin@jarvenpaa.test');
  keravaHandler = await createHandler(t.db.pool, 'handler', [keravaDept]);
  jarvenpaaHandler = await createHandler(t.db.pool, 'handler', [jarvenpaaDept]);
});
afterAll(() => t.close());

const events = async (publicId: string) =>
  (
    await t.db.pool.query(
      'SELECT count(*)::int AS n FROM request_event e JOIN service_request r ON r.id = e.request_id WHERE r.public_id = $1',
      [publicId],
    )
  ).rows[0].n;

const ids = (items: { service_request_id: string }[]) => items.map((item) => item.service_request_id).sort();

describe('who is who', () => {
  it('when each signs in, then /me names the city: none for the instance admin', async () => {
    const mine = await t.api.get('/admin/v1/me').set(keravaAdmin.auth);
    expectValidResponse('adminGetMe', 200, 'json', mine.body);
    expect(mine.body).toMatchObject({ role: 'admin', jurisdiction_id: KERAVA });
    expect((await t.api.get('/admin/v1/me').set(instance.auth)).body.jurisdiction_id).toBeNull();
    expect((await t.api.get('/admin/v1/me').set(keravaHandler.auth)).body.jurisdiction_id).toBe(KERAVA);
    expect((await t.api.get('/admin/v1/me').set(jarvenpaaHandler.auth)).body.jurisdiction_id).toBe(JARVENPAA);
  });
});

describe("another city's requests", () => {
  it.each(['handler', 'city admin'] as const)(
    'when a Kerava %s opens a Järvenpää request, then 404 exactly as for an unknown id',
    async (role) => {
      const who = () => (role === 'handler' ? keravaHandler : keravaAdmin);
      const other = await t.api.get(`/admin/v1/requests/${J1}`).set(who().auth);
      const unknown = await t.api.get('/admin/v1/requests/JP-2026-999999').set(who().auth);
      expect(other.status).toBe(404);
      expect(other.body.errors[0].description.replace(J1, 'ID')).toBe(
        unknown.body.errors[0].description.replace('JP-2026-999999', 'ID'),
      );
      expect((await t.api.get(`/admin/v1/requests/${J1}/photos/${'a'.repeat(32)}.jpg`).set(who().auth)).status).toBe(
        404,
      );
    },
  );

  it('when a Kerava city admin works a Järvenpää request, then 404 and nothing is written', async () => {
    const before = await events(J1);
    const note = await t.api.post(`/admin/v1/requests/${J1}/notes`).set(keravaAdmin.auth).send({ note: 'Hei' });
    const status = await t.api
      .post(`/admin/v1/requests/${J1}/status`)
      .set(keravaAdmin.auth)
      .send({ detailed_status: 'IN_PROCESS' });
    expect([note.status, status.status]).toEqual([404, 404]);
    const duplicate = await t.api
      .post(`/admin/v1/requests/${K2}/duplicate`)
      .set(keravaAdmin.auth)
      .send({ original_id: J1 });
    expect(duplicate.status).toBe(404);
    expect(duplicate.body.errors[0].description).toBe(`original_id "${J1}" not found`);
    expect(await events(J1)).toBe(before);
  });

  it.each(['handler', 'city admin'] as const)(
    'when a Kerava %s names a Järvenpää request in a bulk action, then that item is 404 as an unknown id and nothing is written',
    async (role) => {
      const who = role === 'handler' ? keravaHandler : keravaAdmin;
      const before = await events(J1);
      const response = await t.api
        .post('/admin/v1/requests/bulk')
        .set(who.auth)
        .send({ action: 'hide', request_ids: [J1, 'JP-2026-999999'] });
      expect(response.status).toBe(200);
      expectValidResponse('adminBulkAction', 200, 'json', response.body);
      expect(response.body).toMatchObject({ succeeded: 0, failed: 2 });
      const [other, unknown] = response.body.results as { error: { code: number; description: string } }[];
      expect(other.error.code).toBe(404);
      expect(other.error.description.replace(J1, 'ID')).toBe(unknown.error.description.replace('JP-2026-999999', 'ID'));
      expect(await events(J1)).toBe(before);
    },
  );

  it('when the instance admin opens both cities, then both answer', async () => {
    expect((await t.api.get(`/admin/v1/requests/${J1}`).set(instance.auth)).status).toBe(200);
    expect((await t.api.get(`/admin/v1/requests/${K1}`).set(instance.auth)).status).toBe(200);
    expect((await t.api.get(`/admin/v1/requests/${J1}`).set(jarvenpaaAdmin.auth)).status).toBe(200);
  });
});

describe('lists', () => {
  it('when Kerava staff list the inbox, then only Kerava requests; naming Järvenpää is 403', async () => {
    for (const who of [keravaHandler, keravaAdmin]) {
      const list = await t.api.get('/admin/v1/requests').set(who.auth);
      expect(ids(list.body.items)).toEqual([K1, K2]);
      const own = await t.api.get(`/admin/v1/requests?jurisdiction_id=${KERAVA}`).set(who.auth);
      expect(ids(own.body.items)).toEqual([K1, K2]);
      const other = await t.api.get(`/admin/v1/requests?jurisdiction_id=${JARVENPAA}`).set(who.auth);
      expect(other.status).toBe(403);
      expectValidResponse('adminListRequests', 403, 'json', other.body);
    }
  });

  it('when the instance admin lists the inbox, then both cities, or one with jurisdiction_id', async () => {
    expect(ids((await t.api.get('/admin/v1/requests').set(instance.auth)).body.items)).toEqual([K1, K2, J1]);
    const one = await t.api.get(`/admin/v1/requests?jurisdiction_id=${JARVENPAA}`).set(instance.auth);
    expect(ids(one.body.items)).toEqual([J1]);
    expect((await t.api.get('/admin/v1/requests?jurisdiction_id=nowhere.fi').set(instance.auth)).status).toBe(400);
  });

  it('when a Kerava city admin reads the outbox, then only mail about Kerava requests', async () => {
    const list = await t.api.get('/admin/v1/outbox').set(keravaAdmin.auth);
    expectValidResponse('adminListOutbox', 200, 'json', list.body);
    expect(ids(list.body.items)).toEqual([K1, K2]);
    expect(JSON.stringify(list.body)).not.toContain('jarvenpaa.test');
    expect((await t.api.get(`/admin/v1/outbox?jurisdiction_id=${JARVENPAA}`).set(keravaAdmin.auth)).status).toBe(403);
    expect(ids((await t.api.get('/admin/v1/outbox').set(instance.auth)).body.items)).toEqual([K1, K2, J1]);
    const one = await t.api.get(`/admin/v1/outbox?jurisdiction_id=${JARVENPAA}`).set(instance.auth);
    expect(ids(one.body.items)).toEqual([J1]);
  });
});

describe('statistics and exports', () => {
  it('when a Kerava city admin asks for statistics, then Kerava only; Järvenpää is 403', async () => {
    const own = await t.api.get('/admin/v1/statistics?group_by=department').set(keravaAdmin.auth);
    expectValidResponse('adminGetStatistics', 200, 'json', own.body);
    expect(own.body.totals.count).toBe(2);
    expect(own.body.filters.jurisdiction_id).toBe(KERAVA);
    expect(own.body.groups.map((g: { key: string }) => g.key)).toEqual([String(keravaDept)]);
    const other = await t.api.get(`/admin/v1/statistics?jurisdiction_id=${JARVENPAA}`).set(keravaAdmin.auth);
    expect(other.status).toBe(403);
    const department = await t.api.get(`/admin/v1/statistics?department_id=${jarvenpaaDept}`).set(keravaAdmin.auth);
    const unknown = await t.api.get('/admin/v1/statistics?department_id=999999').set(keravaAdmin.auth);
    expect([department.status, unknown.status]).toEqual([403, 403]);
    expect(department.body.errors[0].description.replace(String(jarvenpaaDept), 'N')).toBe(
      unknown.body.errors[0].description.replace('999999', 'N'),
    );
    const handler = await t.api.get(`/admin/v1/statistics?jurisdiction_id=${JARVENPAA}`).set(keravaHandler.auth);
    expect(handler.status).toBe(403);
  });

  it('when the instance admin asks, then both cities, or one with jurisdiction_id', async () => {
    const all = await t.api.get('/admin/v1/statistics').set(instance.auth);
    expect([all.body.totals.count, all.body.filters.jurisdiction_id]).toEqual([3, null]);
    const one = await t.api
      .get(`/admin/v1/statistics?jurisdiction_id=${JARVENPAA}&service_code=101`)
      .set(instance.auth);
    expectValidResponse('adminGetStatistics', 200, 'json', one.body);
    expect(one.body.totals.count).toBe(1);
    expect((await t.api.get('/admin/v1/statistics?jurisdiction_id=nowhere.fi').set(instance.auth)).status).toBe(400);
  });

  it('when a Kerava city admin exports, then no Järvenpää row, contact or figure is in the files', async () => {
    const requests = await t.api.get('/admin/v1/requests.csv?include_contact=true').set(keravaAdmin.auth);
    expect(requests.status).toBe(200);
    expect(requests.text).toContain(`"${K1}"`);
    expect(requests.text).not.toContain(J1);
    expect(requests.text).not.toContain('jarvenpaa.test');
    const statistics = await t.api.get('/admin/v1/statistics.csv').set(keravaAdmin.auth);
    const total = statistics.text.split('\r\n').find((line) => line.startsWith('"total"'));
    expect(total?.replace(/"/g, '').split(',')[3]).toBe('2');
    expect((await t.api.get(`/admin/v1/requests.csv?jurisdiction_id=${JARVENPAA}`).set(keravaAdmin.auth)).status).toBe(
      403,
    );
    const both = await t.api.get('/admin/v1/requests.csv').set(instance.auth);
    // Both cities have a 101: the jurisdiction_id column says whose each row is.
    const cityColumn = (text: string) =>
      text
        .split('\r\n')
        .slice(1, -1)
        .map((line) => {
          const cells = line.split(',');
          return [cells[0], cells[1], cells[cells.length - 2]].map((cell) => cell.replace(/"/g, '')).join(' ');
        });
    expect(cityColumn(both.text)).toEqual([`${K1} 101 ${KERAVA}`, `${K2} 101 ${KERAVA}`, `${J1} 101 ${JARVENPAA}`]);
    const one = await t.api.get(`/admin/v1/requests.csv?jurisdiction_id=${JARVENPAA}`).set(instance.auth);
    expect([one.text.includes(`"${K1}"`), one.text.includes(`"${J1}"`)]).toEqual([false, true]);
  });
});

describe('the catalogue', () => {
  it("when a Kerava city admin reads the catalogue, then Kerava's; Järvenpää's is 403 or 404", async () => {
    const services = await t.api.get('/admin/v1/services').set(keravaAdmin.auth);
    expect(services.body.items.map((s: { jurisdiction_id: string }) => s.jurisdiction_id)).toEqual([KERAVA]);
    const departments = await t.api.get('/admin/v1/departments').set(keravaHandler.auth);
    expect(departments.body.items.map((d: { department_id: number }) => d.department_id)).toEqual([keravaDept]);
    expect((await t.api.get(`/admin/v1/departments?jurisdiction_id=${JARVENPAA}`).set(keravaAdmin.auth)).status).toBe(
      403,
    );
    const rename = await t.api
      .patch(`/admin/v1/departments/${jarvenpaaDept}`)
      .set(keravaAdmin.auth)
      .send({ names: { fi: 'Kaapattu' } });
    expect(rename.status).toBe(404);
    const create = await t.api
      .post(`/admin/v1/services?jurisdiction_id=${JARVENPAA}`)
      .set(keravaAdmin.auth)
      .send({ service_code: '900', names: { fi: 'Uusi' } });
    expect(create.status).toBe(403);
    const own = await t.api
      .post('/admin/v1/services')
      .set(keravaAdmin.auth)
      .send({ service_code: '900', names: { fi: 'Uusi' } });
    expect([own.status, own.body.jurisdiction_id]).toEqual([201, KERAVA]);
    const names = await t.db.pool.query('SELECT names FROM department WHERE id = $1', [jarvenpaaDept]);
    expect(names.rows[0].names).toEqual({ fi: 'Tekniset palvelut' });
  });

  it('when the instance admin reads the catalogue, then every city, or one; a single service needs the city', async () => {
    const departments = await t.api.get('/admin/v1/departments').set(instance.auth);
    expect(departments.body.items.map((d: { department_id: number }) => d.department_id).sort()).toEqual(
      [keravaDept, jarvenpaaDept].sort(),
    );
    const one = await t.api.get(`/admin/v1/services?jurisdiction_id=${JARVENPAA}`).set(instance.auth);
    expect(one.body.items.map((s: { service_code: string }) => s.service_code)).toEqual(['101']);
    expect((await t.api.get('/admin/v1/services/101').set(instance.auth)).status).toBe(400);
    expect((await t.api.get(`/admin/v1/services/101?jurisdiction_id=${JARVENPAA}`).set(instance.auth)).status).toBe(
      200,
    );
  });
});

describe('handlers', () => {
  const handlerIds = (items: { id: number }[]) => items.map((item) => item.id).sort((a, b) => a - b);

  it("when a Kerava city admin lists and opens handlers, then only Kerava's: others are 404", async () => {
    const list = await t.api.get('/admin/v1/handlers').set(keravaAdmin.auth);
    expectValidResponse('adminListHandlers', 200, 'json', list.body);
    expect(list.body.items.every((h: { jurisdiction_id: string }) => h.jurisdiction_id === KERAVA)).toBe(true);
    expect(handlerIds(list.body.items)).toEqual(expect.arrayContaining([keravaAdmin.id, keravaHandler.id]));
    expect(handlerIds(list.body.items)).not.toContain(instance.id);
    for (const id of [jarvenpaaHandler.id, jarvenpaaAdmin.id, instance.id]) {
      expect((await t.api.get(`/admin/v1/handlers/${id}`).set(keravaAdmin.auth)).status).toBe(404);
      expect((await t.api.patch(`/admin/v1/handlers/${id}`).set(keravaAdmin.auth).send({ active: false })).status).toBe(
        404,
      );
      expect((await t.api.get(`/admin/v1/handlers/${id}/tokens`).set(keravaAdmin.auth)).status).toBe(404);
      expect((await t.api.post(`/admin/v1/handlers/${id}/tokens`).set(keravaAdmin.auth).send({})).status).toBe(404);
    }
    expect((await t.api.get(`/admin/v1/handlers?jurisdiction_id=${JARVENPAA}`).set(keravaAdmin.auth)).status).toBe(403);
  });

  it('when a Kerava city admin tries to escalate, then 403 or 400 and no account changes', async () => {
    const before = (await t.db.pool.query('SELECT json_agg(h ORDER BY h.id) AS h FROM handler h')).rows[0].h;
    const attempts = [
      [{ email: 'root@kerava.test', role: 'admin', jurisdiction_id: null }, 403],
      [{ email: 'spy@kerava.test', role: 'handler', jurisdiction_id: JARVENPAA }, 403],
      [{ email: 'spy@kerava.test', role: 'handler', department_ids: [jarvenpaaDept] }, 400],
    ] as const;
    for (const [body, status] of attempts) {
      const response = await t.api.post('/admin/v1/handlers').set(keravaAdmin.auth).send(body);
      expect({ body, status: response.status }).toEqual({ body, status });
    }
    const patches = [
      [{ jurisdiction_id: JARVENPAA }, 403],
      [{ role: 'admin', jurisdiction_id: null }, 403],
      [{ department_ids: [jarvenpaaDept] }, 400],
    ] as const;
    for (const [body, status] of patches) {
      const response = await t.api.patch(`/admin/v1/handlers/${keravaHandler.id}`).set(keravaAdmin.auth).send(body);
      expect({ body, status: response.status }).toEqual({ body, status });
    }
    expect((await t.db.pool.query('SELECT json_agg(h ORDER BY h.id) AS h FROM handler h')).rows[0].h).toEqual(before);
  });

  it('when a Kerava city admin creates an admin, then a city admin of Kerava', async () => {
    const created = await t.api
      .post('/admin/v1/handlers')
      .set(keravaAdmin.auth)
      .send({ email: 'toinen@kerava.test', role: 'admin' });
    expect(created.status).toBe(201);
    expectValidResponse('adminCreateHandler', 201, 'json', created.body);
    expect(created.body.jurisdiction_id).toBe(KERAVA);
  });

  it('when the instance admin creates and moves handlers, then the city is named or follows the departments', async () => {
    const ambiguous = await t.api
      .post('/admin/v1/handlers')
      .set(instance.auth)
      .send({ email: 'v@x.test', role: 'viewer' });
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.errors[0].description).toContain(JARVENPAA);
    const viewer = await t.api
      .post('/admin/v1/handlers')
      .set(instance.auth)
      .send({ email: 'katsoja@jarvenpaa.test', role: 'viewer', department_ids: [jarvenpaaDept] });
    expect([viewer.status, viewer.body.jurisdiction_id]).toEqual([201, JARVENPAA]);
    const moveAlone = await t.api
      .patch(`/admin/v1/handlers/${viewer.body.id}`)
      .set(instance.auth)
      .send({ jurisdiction_id: KERAVA });
    expect(moveAlone.status).toBe(400);
    const moved = await t.api
      .patch(`/admin/v1/handlers/${viewer.body.id}`)
      .set(instance.auth)
      .send({ jurisdiction_id: KERAVA, department_ids: [keravaDept] });
    expect([moved.status, moved.body.jurisdiction_id]).toEqual([200, KERAVA]);
    const jp = await t.api.get(`/admin/v1/handlers?jurisdiction_id=${JARVENPAA}`).set(instance.auth);
    expect(handlerIds(jp.body.items)).toEqual([jarvenpaaAdmin.id, jarvenpaaHandler.id].sort((a, b) => a - b));
    const all = await t.api.get('/admin/v1/handlers').set(instance.auth);
    expect(handlerIds(all.body.items)).toEqual(
      expect.arrayContaining([instance.id, jarvenpaaHandler.id, keravaAdmin.id]),
    );
  });
});

describe('the last instance admin', () => {
  it('when the only instance admin would get a city, then 409: someone must manage the cities', async () => {
    const response = await t.api
      .patch(`/admin/v1/handlers/${instance.id}`)
      .set(instance.auth)
      .send({ jurisdiction_id: KERAVA });
    expect(response.status).toBe(409);
    expect(response.body.errors[0].description).toContain('instance admin');
    const row = await t.db.pool.query('SELECT jurisdiction_id FROM handler WHERE id = $1', [instance.id]);
    expect(row.rows).toEqual([{ jurisdiction_id: null }]);
  });
});

describe('client applications', () => {
  let jarvenpaaClient: number;

  it('when the instance admin creates a key with several cities, then the city must be named', async () => {
    const missing = await t.api.post('/admin/v1/clients').set(instance.auth).send({ name: 'Lomake' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].description).toContain('jurisdiction_id');
    const created = await t.api
      .post('/admin/v1/clients')
      .set(instance.auth)
      .send({ name: 'Järvenpään lomake', jurisdiction_id: JARVENPAA });
    expectValidResponse('adminCreateClient', 201, 'json', created.body);
    expect(created.body.jurisdiction_id).toBe(JARVENPAA);
    jarvenpaaClient = created.body.client_id;
  });

  it("when a Kerava city admin manages keys, then Kerava's only: another city's is 403 or 404", async () => {
    const created = await t.api.post('/admin/v1/clients').set(keravaAdmin.auth).send({ name: 'Keravan lomake' });
    expect([created.status, created.body.jurisdiction_id]).toEqual([201, KERAVA]);
    const other = await t.api
      .post('/admin/v1/clients')
      .set(keravaAdmin.auth)
      .send({ name: 'Vieras', jurisdiction_id: JARVENPAA });
    expect(other.status).toBe(403);
    const list = await t.api.get('/admin/v1/clients').set(keravaAdmin.auth);
    expectValidResponse('adminListClients', 200, 'json', list.body);
    expect(list.body.items.map((c: { name: string }) => c.name)).toEqual(['Keravan lomake']);
    const rename = await t.api
      .patch(`/admin/v1/clients/${jarvenpaaClient}`)
      .set(keravaAdmin.auth)
      .send({ name: 'Kaapattu' });
    const revoke = await t.api.delete(`/admin/v1/clients/${jarvenpaaClient}`).set(keravaAdmin.auth);
    expect([rename.status, revoke.status]).toEqual([404, 404]);
    const row = await t.db.pool.query('SELECT name, revoked_at FROM application WHERE id = $1', [jarvenpaaClient]);
    expect(row.rows[0]).toEqual({ name: 'Järvenpään lomake', revoked_at: null });
    const one = await t.api.get(`/admin/v1/clients?jurisdiction_id=${JARVENPAA}`).set(instance.auth);
    expect(one.body.items.map((c: { client_id: number }) => c.client_id)).toEqual([jarvenpaaClient]);
  });
});
