import { createHandler, type TestHandler } from '../support/admin';
import { createTestContext, type TestContext } from '../support/context';
import { createDepartment, createJurisdiction, createService, daysAgo, plantRequest } from '../support/factories';
import { expectValidResponse } from '../support/openapi';

/**
 * Bulk actions (docs/staff-intake.md, "Bulk actions"): one action on up to 100 requests, each
 * through the single-request command with its own transaction and audit events, answered per
 * request; what the caller may not read is "not found", whatever the reason.
 */
let t: TestContext;
let streets: number;
let parks: number;
let streetService: number;
let parkService: number;
let otherCityService: number;
let admin: TestHandler;
let handler: TestHandler;
let colleague: TestHandler;
let viewer: TestHandler;

beforeAll(async () => {
  t = await createTestContext();
  const pool = t.db.pool;
  await createJurisdiction(pool, 'test.fi');
  await createJurisdiction(pool, 'other.fi');
  streets = await createDepartment(pool, 'test.fi', 'streets', { fi: 'Katupalvelut' });
  parks = await createDepartment(pool, 'test.fi', 'parks', { fi: 'Puistopalvelut' });
  const elsewhere = await createDepartment(pool, 'other.fi', 'streets', { fi: 'Muu kaupunki' });
  streetService = await createService(pool, { code: '100', departmentId: streets });
  parkService = await createService(pool, { code: '200', departmentId: parks });
  otherCityService = await createService(pool, { jurisdictionId: 'other.fi', code: '100', departmentId: elsewhere });
  admin = await createHandler(pool, 'admin');
  handler = await createHandler(pool, 'handler', [streets]);
  colleague = await createHandler(pool, 'handler', [streets]);
  viewer = await createHandler(pool, 'viewer', [streets]);
});
afterAll(() => t.close());

let sequence = 0;

/** A pending request (consent given unless said) of the service's department, received two days ago. */
async function plant(
  spec: { serviceId?: number; consent?: boolean; detailedStatus?: string; status?: 'open' | 'closed' } = {},
): Promise<string> {
  sequence += 1;
  const serviceId = spec.serviceId ?? streetService;
  const city = serviceId === otherCityService ? 'other.fi' : 'test.fi';
  const publicId = `${city === 'other.fi' ? 'OTHER-' : ''}2026-${String(sequence).padStart(6, '0')}`;
  await plantRequest(t.db.pool, {
    serviceId,
    publicId,
    jurisdictionId: city,
    visibility: 'pending',
    consent: spec.consent,
    status: spec.status,
    detailedStatus: spec.detailedStatus,
    requestedAt: daysAgo(2),
  });
  await t.db.pool.query(
    `UPDATE service_request r SET department_id = s.department_id FROM service s
      WHERE s.id = r.service_id AND r.public_id = $1`,
    [publicId],
  );
  return publicId;
}

const bulk = (who: TestHandler, body: object) => t.api.post('/admin/v1/requests/bulk').set(who.auth).send(body);

/** What a request looks like in the database, its audit log without ids and times. */
async function state(publicId: string) {
  const result = await t.db.pool.query(
    `SELECT r.status, r.detailed_status, r.visibility, r.assignee_id, r.first_handled_at IS NOT NULL AS handled,
            coalesce((SELECT json_agg(json_build_object('kind', e.kind, 'public', e.public, 'handler_id', e.handler_id,
                                                        'note', e.note, 'data', e.data) ORDER BY e.id)
                        FROM request_event e WHERE e.request_id = r.id AND e.kind <> 'created'), '[]') AS events
       FROM service_request r WHERE r.public_id = $1`,
    [publicId],
  );
  return result.rows[0];
}

describe('bulk actions', () => {
  it('when a handler sets a status on several requests, then each is changed and audited as the single route does it', async () => {
    const ids = [await plant(), await plant(), await plant()];
    const single = await plant();
    const response = await bulk(handler, {
      action: 'set_status',
      request_ids: ids,
      detailed_status: 'IN_PROCESS',
      answer: 'Otamme käsittelyyn.',
      note: 'Massakäsittely',
    });
    expect(response.status).toBe(200);
    expectValidResponse('adminBulkAction', 200, 'json', response.body);
    expect(response.body).toMatchObject({ action: 'set_status', succeeded: 3, failed: 0 });
    expect(response.body.results.map((r: { service_request_id: string }) => r.service_request_id)).toEqual(ids);
    expect(response.body.results[0]).toEqual({
      service_request_id: ids[0],
      ok: true,
      status: 'open',
      detailed_status: 'IN_PROCESS',
      visibility: 'pending',
      event_id: expect.any(String),
    });
    const one = await t.api
      .post(`/admin/v1/requests/${single}/status`)
      .set(handler.auth)
      .send({ detailed_status: 'IN_PROCESS', answer: 'Otamme käsittelyyn.', note: 'Massakäsittely' });
    expect(one.status).toBe(200);
    const bySingleRoute = await state(single);
    expect(bySingleRoute.events).toHaveLength(2);
    for (const id of ids) expect(await state(id)).toEqual(bySingleRoute);
  });

  it('when some requests cannot be read or refuse the action, then those are reported and the others still done', async () => {
    const own = await plant();
    const otherDepartment = await plant({ serviceId: parkService });
    const otherCity = await plant({ serviceId: otherCityService });
    const already = await plant({ detailedStatus: 'IN_PROCESS' });
    const last = await plant();
    const before = {
      parks: await state(otherDepartment),
      city: await state(otherCity),
      already: await state(already),
    };
    const ids = [own, otherDepartment, '2099-999999', otherCity, already, last];
    const response = await bulk(handler, { action: 'set_status', request_ids: ids, detailed_status: 'IN_PROCESS' });
    expect(response.status).toBe(200);
    expectValidResponse('adminBulkAction', 200, 'json', response.body);
    const notFound = (id: string) => ({
      service_request_id: id,
      ok: false,
      error: { code: 404, description: `service_request_id "${id}" not found` },
    });
    expect(response.body).toEqual({
      action: 'set_status',
      succeeded: 2,
      failed: 4,
      results: [
        expect.objectContaining({ service_request_id: own, ok: true, detailed_status: 'IN_PROCESS' }),
        notFound(otherDepartment),
        notFound('2099-999999'),
        notFound(otherCity),
        { service_request_id: already, ok: false, error: { code: 409, description: expect.any(String) } },
        expect.objectContaining({ service_request_id: last, ok: true, detailed_status: 'IN_PROCESS' }),
      ],
    });
    expect({
      parks: await state(otherDepartment),
      city: await state(otherCity),
      already: await state(already),
    }).toEqual(before);
    // The city admin of the same city reaches the other department's request.
    const byAdmin = await bulk(admin, {
      action: 'set_status',
      request_ids: [otherDepartment],
      detailed_status: 'IN_PROCESS',
    });
    expect(byAdmin.body).toMatchObject({ succeeded: 1, failed: 0 });
  });

  it('when requests are assigned in bulk, then each gets the assignee and its assignment event; a bad target fails per request', async () => {
    const ids = [await plant(), await plant()];
    const response = await bulk(handler, { action: 'assign', request_ids: ids, handler_id: colleague.id });
    expect(response.body).toMatchObject({ succeeded: 2, failed: 0 });
    for (const id of ids) {
      const row = await state(id);
      expect(row.assignee_id).toBe(colleague.id);
      expect(row.events).toEqual([
        {
          kind: 'assigned',
          public: false,
          handler_id: handler.id,
          note: null,
          data: {
            from_department_id: streets,
            to_department_id: streets,
            from_handler_id: null,
            to_handler_id: colleague.id,
          },
        },
      ]);
    }
    const again = await bulk(handler, { action: 'assign', request_ids: ids, handler_id: colleague.id });
    expect(again.body.results.map((r: { error?: { code: number } }) => r.error?.code)).toEqual([409, 409]);
    const elsewhere = await bulk(handler, { action: 'assign', request_ids: ids, department_id: parks });
    expect(elsewhere.body.results.map((r: { error?: { code: number } }) => r.error?.code)).toEqual([403, 403]);
    const unassign = await bulk(handler, { action: 'assign', request_ids: ids, handler_id: null });
    expect(unassign.body).toMatchObject({ succeeded: 2 });
    expect((await state(ids[0])).assignee_id).toBeNull();
  });

  it('when requests are published and hidden in bulk, then the privacy gate still decides each one', async () => {
    const consenting = await plant();
    const refusing = await plant({ consent: false });
    const published = await bulk(handler, { action: 'publish', request_ids: [consenting, refusing] });
    expect(published.body).toMatchObject({ succeeded: 1, failed: 1 });
    expect(published.body.results[1]).toMatchObject({ ok: false, error: { code: 409 } });
    expect((await state(consenting)).visibility).toBe('public');
    expect((await state(refusing)).visibility).toBe('pending');
    expect((await t.api.get(`/open311/v2/requests/${consenting}.json`)).status).toBe(200);
    const hidden = await bulk(handler, { action: 'hide', request_ids: [consenting] });
    expect(hidden.body).toMatchObject({ succeeded: 1, failed: 0 });
    expect((await state(consenting)).visibility).toBe('hidden');
    expect((await state(consenting)).events.map((e: { kind: string }) => e.kind)).toEqual(['published', 'hidden']);
    expect((await t.api.get(`/open311/v2/requests/${consenting}.json`)).status).toBe(404);
  });
});

describe('bulk refusals change nothing', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `2026-${String(900000 + i)}`);
  const cases: [string, () => TestHandler, (id: string) => object, number, RegExp][] = [
    [
      '101 ids',
      () => handler,
      () => ({ action: 'hide', request_ids: ids(101) }),
      400,
      /request_ids must NOT have more than 100 items/,
    ],
    [
      'no ids',
      () => handler,
      () => ({ action: 'hide', request_ids: [] }),
      400,
      /request_ids must NOT have fewer than 1 items/,
    ],
    [
      'a repeated id',
      () => handler,
      (id) => ({ action: 'hide', request_ids: [id, id] }),
      400,
      /request_ids must NOT have duplicate items/,
    ],
    [
      'a malformed id',
      () => handler,
      () => ({ action: 'hide', request_ids: ['12; DROP'] }),
      400,
      /request_ids.0 must match pattern/,
    ],
    [
      'an unknown action',
      () => handler,
      (id) => ({ action: 'delete', request_ids: [id] }),
      400,
      /action must be one of/,
    ],
    ['no action', () => handler, (id) => ({ request_ids: [id] }), 400, /must have required property 'action'/],
    [
      'set_status without a status',
      () => handler,
      (id) => ({ action: 'set_status', request_ids: [id] }),
      400,
      /detailed_status/,
    ],
    [
      'an unknown status',
      () => handler,
      (id) => ({ action: 'set_status', request_ids: [id], detailed_status: 'DONE' }),
      400,
      /detailed_status must be one of/,
    ],
    [
      'a field the action does not take',
      () => handler,
      (id) => ({ action: 'publish', request_ids: [id], force: true }),
      400,
      /unknown field "force"/,
    ],
    [
      'assign without a target',
      () => handler,
      (id) => ({ action: 'assign', request_ids: [id] }),
      400,
      /department_id|handler_id/,
    ],
    ['a viewer', () => viewer, (id) => ({ action: 'hide', request_ids: [id] }), 403, /role "viewer" may only read/],
    ['a viewer with a bad body', () => viewer, () => ({ action: 'nuke' }), 403, /role "viewer" may only read/],
  ];

  it.each(cases)(
    'when the bulk body has %s, then it is refused and no request changes',
    async (_name, who, body, status, message) => {
      const id = await plant();
      const before = await state(id);
      const response = await bulk(who(), body(id));
      expect(response.status).toBe(status);
      expectValidResponse('adminBulkAction', status, 'json', response.body);
      const descriptions = (response.body.errors as { description: string }[]).map((e) => e.description).join('; ');
      expect(descriptions).toMatch(message);
      expect(await state(id)).toEqual(before);
    },
  );

  it('when no token is sent, then 401', async () => {
    const id = await plant();
    expect((await t.api.post('/admin/v1/requests/bulk').send({ action: 'hide', request_ids: [id] })).status).toBe(401);
  });

  it('when 100 ids are sent, then all 100 are answered in order', async () => {
    const many = [...ids(98), await plant(), await plant()];
    const response = await bulk(handler, { action: 'publish', request_ids: many });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ succeeded: 2, failed: 98 });
    expect(response.body.results.map((r: { service_request_id: string }) => r.service_request_id)).toEqual(many);
  });
});
