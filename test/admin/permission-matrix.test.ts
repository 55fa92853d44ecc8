/**
 * The permission matrix (issue 4): every admin operation of the OpenAPI document × every role
 * × a request of the handler's own department and of another one. Each cell is a real call on
 * a fresh request; a refused call must leave the request untouched.
 */
import { createTestContext, type TestContext } from '../support/context';
import { createHandler, type TestHandler } from '../support/admin';
import { createApiKey, createDepartment, createJurisdiction, createService } from '../support/factories';
import { png } from '../support/images';
import { listOperations } from '../support/openapi';
import { insertHandlerToken } from '../../src/repositories/handler-repository';

type Access = 'any' | 'read' | 'work' | 'admin';
type Fixture = {
  publicId: string;
  photoId: string;
  departmentId: number;
  originalId: string;
  peerId: number;
  peerTokenId: number;
};
type Call = { path: (f: Fixture) => string; body?: (f: Fixture) => object; access: Access; query?: string };

let t: TestContext;
let key: string;
let unique = 0;
let clientId = 0;
let ownDepartment: number;
let otherDepartment: number;
const services: Record<number, string> = {};
const who: Record<string, TestHandler> = {};
const peers: Record<number, TestHandler> = {};

const req = (f: Fixture) => `/admin/v1/requests/${f.publicId}`;

/** How to call each admin operation (by operationId) so that an allowed principal gets a 2xx. */
const CALLS: Record<string, Call> = {
  adminGetMe: { path: () => '/admin/v1/me', access: 'any' },
  adminListRequests: { path: () => '/admin/v1/requests', access: 'any' },
  adminGetRequest: { path: req, access: 'read' },
  adminGetRequestPhoto: { path: (f) => `${req(f)}/photos/${f.photoId}.jpg`, access: 'read' },
  adminChangeStatus: {
    path: (f) => `${req(f)}/status`,
    body: () => ({ detailed_status: 'IN_PROCESS' }),
    access: 'work',
  },
  adminAnswerRequest: {
    path: (f) => `${req(f)}/answer`,
    body: () => ({ answer: 'Kiitos, korjaamme.' }),
    access: 'work',
  },
  adminAddNote: { path: (f) => `${req(f)}/notes`, body: () => ({ note: 'Sisäinen huomio' }), access: 'work' },
  adminAssignRequest: { path: (f) => `${req(f)}/assignment`, body: (f) => ({ handler_id: f.peerId }), access: 'work' },
  adminRedirectRequest: {
    path: (f) => `${req(f)}/redirect`,
    body: () => ({ to: 'authority', authority_name: 'Väylävirasto', authority_contact: 'kirjaamo@vayla.fi' }),
    access: 'work',
  },
  adminMarkDuplicate: {
    path: (f) => `${req(f)}/duplicate`,
    body: (f) => ({ original_id: f.originalId }),
    access: 'work',
  },
  adminSetExpected: {
    path: (f) => `${req(f)}/expected`,
    body: () => ({ expected_datetime: '2030-01-01T12:00:00Z' }),
    access: 'work',
  },
  adminChangePublication: {
    path: (f) => `${req(f)}/publication`,
    body: () => ({ visibility: 'hidden' }),
    access: 'work',
  },
  adminSetPhotoPublished: {
    path: (f) => `${req(f)}/photos/${f.photoId}/publication`,
    body: () => ({ published: false }),
    access: 'work',
  },
  adminListOutbox: { path: () => '/admin/v1/outbox', access: 'admin' },
  adminListServices: { path: () => '/admin/v1/services', access: 'any' },
  adminGetService: { path: () => '/admin/v1/services/501', access: 'any' },
  adminCreateService: {
    path: () => '/admin/v1/services',
    body: () => ({ service_code: `9${(unique += 1)}`, names: { fi: 'Uusi aihe', sv: 'Nytt ämne', en: 'New topic' } }),
    access: 'admin',
  },
  adminUpdateService: { path: () => '/admin/v1/services/501', body: () => ({ sla_days: 5 }), access: 'admin' },
  adminListDepartments: { path: () => '/admin/v1/departments', access: 'any' },
  adminCreateDepartment: {
    path: () => '/admin/v1/departments',
    body: () => ({ code: `dept${(unique += 1)}`, names: { fi: 'Osasto' } }),
    access: 'admin',
  },
  adminUpdateDepartment: {
    path: (f) => `/admin/v1/departments/${f.departmentId}`,
    body: () => ({ names: { fi: 'Osasto', sv: 'Avdelning' } }),
    access: 'admin',
  },
  adminListHandlers: { path: () => '/admin/v1/handlers', access: 'admin' },
  adminCreateHandler: {
    path: () => '/admin/v1/handlers',
    body: () => ({ email: `new${(unique += 1)}@city.test`, role: 'viewer' }),
    access: 'admin',
  },
  adminGetHandler: { path: (f) => `/admin/v1/handlers/${f.peerId}`, access: 'admin' },
  adminUpdateHandler: {
    path: (f) => `/admin/v1/handlers/${f.peerId}`,
    body: () => ({ name: 'Uusi nimi' }),
    access: 'admin',
  },
  adminListHandlerTokens: { path: (f) => `/admin/v1/handlers/${f.peerId}/tokens`, access: 'admin' },
  adminCreateHandlerToken: { path: (f) => `/admin/v1/handlers/${f.peerId}/tokens`, body: () => ({}), access: 'admin' },
  adminRevokeHandlerToken: {
    path: (f) => `/admin/v1/handlers/${f.peerId}/tokens/${f.peerTokenId}`,
    access: 'admin',
  },
  adminListClients: { path: () => '/admin/v1/clients', access: 'admin' },
  adminCreateClient: { path: () => '/admin/v1/clients', body: () => ({ name: 'Kaupungin lomake' }), access: 'admin' },
  adminRevokeClient: { path: () => `/admin/v1/clients/${clientId}`, access: 'admin' },
  adminGetStatistics: { path: (f) => `/admin/v1/statistics?department_id=${f.departmentId}`, access: 'read' },
  adminGetStatisticsCsv: { path: (f) => `/admin/v1/statistics.csv?department_id=${f.departmentId}`, access: 'read' },
  adminExportRequestsCsv: { path: (f) => `/admin/v1/requests.csv?department_id=${f.departmentId}`, access: 'read' },
};

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
    `INSERT INTO application (name, key_hash) VALUES ('matrix', md5(random()::text)) RETURNING id`,
  );
  clientId = client.rows[0].id;
  return { publicId, originalId, departmentId, photoId: photo.rows[0].public_id, peerId, peerTokenId: token.id };
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

function allowed(access: Access, role: string, own: boolean): boolean {
  if (access === 'any') return true;
  if (access === 'admin') return role === 'admin';
  if (role === 'admin') return true;
  if (access === 'read') return own;
  return own && role === 'handler';
}

async function call(operation: { method: string }, c: Call, f: Fixture, auth?: { Authorization: string }) {
  const method = operation.method as 'get' | 'post' | 'put' | 'patch' | 'delete';
  let request = t.api[method](`${c.path(f)}${c.query ?? ''}`);
  if (auth) request = request.set(auth);
  return c.body ? request.send(c.body(f)) : request;
}

const adminOperations = listOperations().filter((op) => op.path.startsWith('/admin/v1/'));

describe('the permission matrix', () => {
  it('when the OpenAPI document is read, then every admin operation has a row in this matrix', () => {
    expect(adminOperations.map((op) => op.operationId).filter((id) => !(id in CALLS))).toEqual([]);
  });

  const cells = adminOperations.flatMap((op) =>
    (['admin', 'handler', 'viewer'] as const).flatMap((role) =>
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
