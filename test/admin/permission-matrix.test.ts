/**
 * The permission matrix: every admin operation of the OpenAPI document × every role (and a
 * city admin next to the instance admin) × a request of the handler's own department and of
 * another one, all in one city (tests across cities: cities-roles.test.ts). Each cell is a real call on a fresh
 * request; a refused call must leave the request untouched. A role that may never call an
 * operation is refused before anything is looked up: the same 403 for real and unknown ids.
 */
import type { Router } from '@koa/router';
import { insertHandler, insertHandlerToken, issueHandlerToken } from '../../src/repositories/handler-repository';
import { createHandler, type TestHandler } from '../support/admin';
import { createTestContext, type TestContext } from '../support/context';
import { createApiKey, createDepartment, createJurisdiction, createService } from '../support/factories';
import { png } from '../support/images';
import { listOperations } from '../support/openapi';
import { allowed, CALLS, neverAllowed, UNKNOWN, type Call, type Fixture, type Who } from './permission-calls';

let t: TestContext;
let key: string;
let ownDepartment: number;
let otherDepartment: number;
const services: Record<number, string> = {};
const who: Record<string, TestHandler> = {};
const peers: Record<number, TestHandler> = {};

beforeAll(async () => {
  t = await createTestContext();
  await createJurisdiction(t.db.pool);
  key = await createApiKey(t.db.pool);
  ownDepartment = await createDepartment(t.db.pool, 'test.fi', 'own', { fi: 'Oma' });
  otherDepartment = await createDepartment(t.db.pool, 'test.fi', 'other', { fi: 'Muu' });
  for (const [code, departmentId] of [
    ['501', ownDepartment],
    ['502', otherDepartment],
  ] as const) {
    await createService(t.db.pool, { code, departmentId });
    services[departmentId] = code;
    peers[departmentId] = await createHandler(t.db.pool, 'handler', [departmentId]);
  }
  who.admin = await createHandler(t.db.pool, 'admin');
  const cityAdminId = await insertHandler(t.db.pool, {
    email: 'city-admin@city.test',
    role: 'admin',
    jurisdictionId: 'test.fi',
  });
  const cityAdminToken = await issueHandlerToken(t.db.pool, cityAdminId, 'matrix');
  who['city admin'] = { id: cityAdminId, token: cityAdminToken, auth: { Authorization: `Bearer ${cityAdminToken}` } };
  who.handler = await createHandler(t.db.pool, 'handler', [ownDepartment]);
  who.viewer = await createHandler(t.db.pool, 'viewer', [ownDepartment]);
});
afterAll(() => t.close());

/** A fresh request with one photo in the department, sent the way residents send them. */
async function fixture(departmentId: number): Promise<Fixture> {
  const post = async () => {
    const response = await t.api
      .post('/open311/v2/requests.json')
      .field('api_key', key)
      .field('service_code', services[departmentId])
      .field('lat', '60.4')
      .field('long', '25.1')
      .field('description', 'Katuvalo ei pala pihatiellä.')
      .field('nickname', 'Iltakävelijä')
      .attach('media', await png(40, 30), 'kuva.png');
    expect(response.status).toBe(200);
    return response.body[0].service_request_id as string;
  };
  const publicId = await post();
  const originalId = await post();
  const photo = await t.db.pool.query(
    'SELECT m.public_id FROM media m JOIN service_request r ON r.id = m.request_id WHERE r.public_id = $1',
    [publicId],
  );
  const peerId = peers[departmentId].id;
  const token = await insertHandlerToken(t.db.pool, peerId, 'matrix');
  const client = await t.db.pool.query<{ id: number }>(
    `INSERT INTO application (name, key_hash, jurisdiction_id) VALUES ('matrix', md5(random()::text), 'test.fi') RETURNING id`,
  );
  const webhook = await t.db.pool.query<{ id: number }>(
    `INSERT INTO webhook (jurisdiction_id, name, url, events, secret)
     VALUES ('test.fi', 'matrix', 'http://127.0.0.1:9/hook', '{request.created}', 'matrix-secret-0123456789') RETURNING id`,
  );
  const delivery = await t.db.pool.query<{ id: string }>(
    `INSERT INTO webhook_delivery (webhook_id, event_id, request_id, event_type, delivered_at)
     SELECT $1, e.id, e.request_id, 'request.created', now()
       FROM request_event e JOIN service_request r ON r.id = e.request_id WHERE r.public_id = $2 AND e.kind = 'created'
     RETURNING id::text`,
    [webhook.rows[0].id, publicId],
  );
  return {
    publicId,
    originalId,
    departmentId,
    photoId: photo.rows[0].public_id,
    peerId,
    peerTokenId: token.id,
    serviceCode: '501',
    clientId: client.rows[0].id,
    webhookId: webhook.rows[0].id,
    deliveryId: delivery.rows[0].id,
  };
}

const snapshot = async (publicId: string) =>
  (
    await t.db.pool.query(
      `SELECT r.status, r.detailed_status, r.visibility, r.status_notes, r.department_id, r.assignee_id, r.expected_at,
              r.duplicate_of, r.updated_at, (SELECT count(*) FROM request_event e WHERE e.request_id = r.id) AS events,
              (SELECT bool_and(published) FROM media m WHERE m.request_id = r.id) AS photos
         FROM service_request r WHERE r.public_id = $1`,
      [publicId],
    )
  ).rows[0];

async function call(
  operation: { method: string },
  c: Call,
  f: Fixture,
  auth?: { Authorization: string },
  body: object | undefined = c.body?.(f),
) {
  const method = operation.method as 'get' | 'post' | 'put' | 'patch' | 'delete';
  let request = t.api[method](`${c.path(f)}${c.query ?? ''}`);
  if (auth) request = request.set(auth);
  return body ? request.send(body) : request;
}

/** Rows that admin-only operations would add or change. */
const accounts = async () =>
  (
    await t.db.pool.query(
      `SELECT (SELECT count(*) FROM service) AS services, (SELECT count(*) FROM department) AS departments,
              (SELECT json_agg(h ORDER BY h.id) FROM handler h) AS handlers,
              (SELECT count(*) FROM application WHERE revoked_at IS NULL) AS clients,
              (SELECT json_agg(json_build_array(a.name, a.allowed_origins) ORDER BY a.id) FROM application a) AS client_fields,
              (SELECT count(*) FROM handler_credential WHERE revoked_at IS NULL) AS tokens,
              (SELECT json_agg(json_build_array(j.id, j.names, j.active) ORDER BY j.id) FROM jurisdiction j) AS cities`,
    )
  ).rows[0];

/** The /admin/v1 router as wired into the app (its routes() middleware carries it). */
function wiredAdminRouter(): Router {
  const router = t.app.middleware
    .map((middleware) => (middleware as { router?: Router }).router)
    .find((candidate) => candidate?.opts.prefix === '/admin/v1');
  if (router === undefined) throw new Error('no /admin/v1 router in the app');
  return router;
}

const adminOperations = listOperations().filter((op) => op.path.startsWith('/admin/v1/'));

describe('the permission matrix', () => {
  it('when the OpenAPI document is read, then every admin operation has a row in this matrix', () => {
    expect(adminOperations.map((op) => op.operationId).filter((id) => !(id in CALLS))).toEqual([]);
  });

  const cells = adminOperations.flatMap((op) =>
    (['admin', 'city admin', 'handler', 'viewer'] as const).flatMap((role) =>
      [true, false].map((own) => [op.operationId, role, own ? 'own' : 'other', op] as const),
    ),
  );

  it.each(cells)('%s as %s on a request of the %s department', async (operationId, role, department, op) => {
    const c = CALLS[operationId];
    if (c === undefined) throw new Error(`no matrix row for ${operationId}`);
    const f = await fixture(department === 'own' ? ownDepartment : otherDepartment);
    const before = await snapshot(f.publicId);
    const response = await call(op, c, f, who[role].auth);
    if (allowed(c.access, role, department === 'own')) {
      expect({ status: response.status, body: response.status >= 300 ? response.body : null }).toEqual({
        status: expect.any(Number),
        body: null,
      });
      expect(response.status).toBeLessThan(300);
    } else {
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ errors: [{ code: 403, description: expect.any(String) }] });
      expect(await snapshot(f.publicId)).toEqual(before);
    }
  });

  it.each(adminOperations.map((op) => [op.operationId, op] as const))(
    '%s without a token is 401 and changes nothing',
    async (operationId, op) => {
      const f = await fixture(ownDepartment);
      const before = await snapshot(f.publicId);
      const response = await call(op, CALLS[operationId], f);
      expect(response.status).toBe(401);
      expect(await snapshot(f.publicId)).toEqual(before);
    },
  );
});

describe('rights before lookup', () => {
  it('when the admin router is walked, then each of its routes is an operation of the document, so a row above', () => {
    const routes = wiredAdminRouter()
      .stack.filter((layer) => layer.methods.length > 0)
      .flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${String(layer.path)}`));
    const documented = adminOperations.map(
      (op) => `${op.method.toUpperCase()} ${op.path.replace(/\{(\w+)\}/g, ':$1')}`,
    );
    expect(routes.sort()).toEqual(documented.sort());
  });

  const refusals = adminOperations.flatMap((op) =>
    neverAllowed(CALLS[op.operationId].access).map((role: Who) => [op.operationId, role, op] as const),
  );

  it.each(refusals)(
    'when %s is called by a %s, then the same 403 for real ids, unknown ids and a bad body, and nothing changes',
    async (operationId, role, op) => {
      const c = CALLS[operationId];
      const f = await fixture(ownDepartment);
      const before = { request: await snapshot(f.publicId), accounts: await accounts() };
      const known = await call(op, c, f, who[role].auth);
      const unknown = await call(op, c, { ...UNKNOWN, departmentId: 999999 }, who[role].auth);
      const badBody = await call(op, c, f, who[role].auth, c.body && { bogus: true });
      expect({ status: known.status, body: known.body }).toEqual({
        status: 403,
        body: { errors: [{ code: 403, description: expect.any(String) }] },
      });
      expect({ status: unknown.status, body: unknown.body }).toEqual({ status: 403, body: known.body });
      expect({ status: badBody.status, body: badBody.body }).toEqual({ status: 403, body: known.body });
      expect({ request: await snapshot(f.publicId), accounts: await accounts() }).toEqual(before);
    },
  );
});
