import { createHandler, type TestHandler } from '../support/admin';
import { createTestContext, type TestContext } from '../support/context';
import { createDepartment, createJurisdiction, createService, daysAgo, plantRequest } from '../support/factories';
import { expectValidResponse } from '../support/openapi';

/**
 * Working a request through /admin/v1 (docs/domain-model.md §7): each action's own effect on
 * the database and the audit log, and its 400/403/404/409 answers. The public side of every
 * step is in workflow-public.test.ts.
 */
let t: TestContext;
let streets: number;
let parks: number;
let elsewhere: number;
let streetService: number;
let otherTownService: number;
let parksSecretService: number;
let admin: TestHandler;
let streetHandler: TestHandler;
let colleague: TestHandler;
let bothHandler: TestHandler;
let parksHandler: TestHandler;
let viewer: TestHandler;

beforeAll(async () => {
  t = await createTestContext();
  const pool = t.db.pool;
  await createJurisdiction(pool, 'test.fi');
  await createJurisdiction(pool, 'other.fi');
  streets = await createDepartment(pool, 'test.fi', 'streets', { fi: 'Katupalvelut', sv: 'Gatutjänster' });
  parks = await createDepartment(pool, 'test.fi', 'parks', { fi: 'Puistopalvelut', sv: 'Parktjänster' });
  elsewhere = await createDepartment(pool, 'other.fi', 'streets', { fi: 'Muu kaupunki' });
  streetService = await createService(pool, { code: '100', departmentId: streets });
  otherTownService = await createService(pool, { jurisdictionId: 'other.fi', code: '100', departmentId: elsewhere });
  parksSecretService = await createService(pool, { code: '900', departmentId: parks, neverPublic: true });
  admin = await createHandler(pool, 'admin');
  streetHandler = await createHandler(pool, 'handler', [streets]);
  colleague = await createHandler(pool, 'handler', [streets]);
  bothHandler = await createHandler(pool, 'handler', [streets, parks]);
  parksHandler = await createHandler(pool, 'handler', [parks]);
  viewer = await createHandler(pool, 'viewer', [streets]);
});
afterAll(() => t.close());

let sequence = 0;

/** A public request of the streets department, received three days ago. */
async function plant(
  spec: { status?: 'open' | 'closed'; detailedStatus?: string; locale?: string; serviceId?: number } = {},
): Promise<{ publicId: string; id: string }> {
  sequence += 1;
  const publicId = `2026-${String(sequence).padStart(6, '0')}`;
  const serviceId = spec.serviceId ?? streetService;
  await plantRequest(t.db.pool, {
    serviceId,
    publicId,
    jurisdictionId: serviceId === otherTownService ? 'other.fi' : 'test.fi',
    status: spec.status,
    detailedStatus: spec.detailedStatus,
    requestedAt: daysAgo(3),
  });
  const result = await t.db.pool.query<{ id: string }>(
    `UPDATE service_request r SET department_id = s.department_id, locale = $2,
            agency_responsible = (SELECT d.names ->> 'fi' FROM department d WHERE d.id = s.department_id),
            closed_at = CASE WHEN r.status = 'closed' THEN r.requested_at END
       FROM service s WHERE s.id = r.service_id AND r.public_id = $1 RETURNING r.id`,
    [publicId, spec.locale ?? 'fi'],
  );
  return { publicId, id: result.rows[0].id };
}

type Row = {
  status: string;
  detailed_status: string;
  status_notes: string | null;
  department_id: number | null;
  assignee_id: number | null;
  agency_responsible: string | null;
  duplicate_of: string | null;
  first_handled_at: Date | null;
  closed_at: Date | null;
  expected_at: Date | null;
  updated_at: Date;
  requested_at: Date;
};

async function row(publicId: string): Promise<Row> {
  const result = await t.db.pool.query<Row>('SELECT * FROM service_request WHERE public_id = $1', [publicId]);
  return result.rows[0];
}

type Event = { id: string; kind: string; public: boolean; handler_id: number | null; note: string | null } & {
  status: string | null;
  detailed_status: string | null;
  data: Record<string, unknown>;
};

async function events(publicId: string): Promise<Event[]> {
  const result = await t.db.pool.query<Event>(
    `SELECT e.id, e.kind, e.public, e.handler_id, e.note, e.status, e.detailed_status, e.data
       FROM request_event e JOIN service_request r ON r.id = e.request_id
      WHERE r.public_id = $1 AND e.kind <> 'created' ORDER BY e.id`,
    [publicId],
  );
  return result.rows;
}

const OPERATIONS: Record<string, { method: 'post' | 'put'; path: string }> = {
  adminChangeStatus: { method: 'post', path: 'status' },
  adminAnswerRequest: { method: 'post', path: 'answer' },
  adminAddNote: { method: 'post', path: 'notes' },
  adminAssignRequest: { method: 'post', path: 'assignment' },
  adminRedirectRequest: { method: 'post', path: 'redirect' },
  adminMarkDuplicate: { method: 'post', path: 'duplicate' },
  adminSetExpected: { method: 'put', path: 'expected' },
};

/** Calls an admin workflow operation and checks the answer against the OpenAPI document. */
async function call(operationId: string, publicId: string, who: TestHandler | null, body: unknown, status: number) {
  const { method, path } = OPERATIONS[operationId];
  let request = t.api[method](`/admin/v1/requests/${publicId}/${path}`);
  if (who !== null) request = request.set(who.auth);
  const response = await (typeof body === 'string'
    ? request.set('Content-Type', 'application/json').send(body)
    : request.send(body as object));
  expect({ status: response.status, body: response.body }).toEqual({ status, body: expect.anything() });
  expectValidResponse(operationId, status, 'json', response.body);
  return response.body;
}

describe('POST /requests/{id}/status', () => {
  it('when a handler takes a request into processing with an answer and a note, then both are written with the handler', async () => {
    const { publicId } = await plant();
    const body = await call(
      'adminChangeStatus',
      publicId,
      streetHandler,
      { detailed_status: 'IN_PROCESS', answer: 'Korjaamme kuopan ensi viikolla.', note: 'Tilattu urakoitsijalta.' },
      200,
    );
    const stored = await row(publicId);
    const [changed, note] = await events(publicId);
    expect(body).toEqual({
      service_request_id: publicId,
      status: 'open',
      detailed_status: 'IN_PROCESS',
      visibility: 'public',
      event_id: changed.id,
    });
    expect(stored).toMatchObject({ status: 'open', detailed_status: 'IN_PROCESS', closed_at: null });
    expect(stored.status_notes).toBe('Korjaamme kuopan ensi viikolla.');
    expect(stored.first_handled_at).not.toBeNull();
    expect(stored.updated_at.getTime()).toBeGreaterThan(stored.requested_at.getTime());
    expect(changed).toMatchObject({
      kind: 'status_changed',
      public: true,
      handler_id: streetHandler.id,
      status: 'open',
      detailed_status: 'IN_PROCESS',
      note: 'Korjaamme kuopan ensi viikolla.',
      data: { from: 'RECEIVED', to: 'IN_PROCESS' },
    });
    expect(note).toMatchObject({ kind: 'note', public: false, handler_id: streetHandler.id, detailed_status: null });
    expect(note.note).toBe('Tilattu urakoitsijalta.');
  });

  it('when a request is closed and reopened, then closed_at is stamped and cleared and first_handled_at stays', async () => {
    const { publicId } = await plant();
    await call('adminChangeStatus', publicId, streetHandler, { detailed_status: 'IN_PROCESS' }, 200);
    const started = (await row(publicId)).first_handled_at;
    const closed = await call('adminChangeStatus', publicId, streetHandler, { detailed_status: 'PROCESSED' }, 200);
    expect(closed).toMatchObject({ status: 'closed', detailed_status: 'PROCESSED' });
    expect((await row(publicId)).closed_at).not.toBeNull();
    const reopened = await call('adminChangeStatus', publicId, admin, { detailed_status: 'IN_PROCESS' }, 200);
    expect(reopened).toMatchObject({ status: 'open', detailed_status: 'IN_PROCESS' });
    const stored = await row(publicId);
    expect(stored.closed_at).toBeNull();
    expect(stored.first_handled_at).toEqual(started);
    expect((await events(publicId)).map((e) => [e.detailed_status, e.handler_id])).toEqual([
      ['IN_PROCESS', streetHandler.id],
      ['PROCESSED', streetHandler.id],
      ['IN_PROCESS', admin.id],
    ]);
  });

  it.each([
    ['RECEIVED', 'RECEIVED', 'already RECEIVED'],
    ['IN_PROCESS', 'RECEIVED', 'cannot move to RECEIVED'],
    ['ARCHIVED', 'PROCESSED', 'cannot move to PROCESSED'],
    ['PROCESSED', 'REJECTED', 'cannot move to REJECTED'],
  ])('when a %s request is moved to %s with an answer, then 409 and nothing is written', async (from, to, message) => {
    const { publicId } = await plant({
      status: from === 'RECEIVED' || from === 'IN_PROCESS' ? 'open' : 'closed',
      detailedStatus: from,
    });
    const before = await row(publicId);
    const body = await call(
      'adminChangeStatus',
      publicId,
      streetHandler,
      { detailed_status: to, answer: 'Ei pitäisi näkyä.', note: 'Ei tätäkään.' },
      409,
    );
    expect(body.errors[0].description).toContain(message);
    expect(await row(publicId)).toEqual(before);
    expect(await events(publicId)).toEqual([]);
  });

  it.each([
    ['an unknown status', { detailed_status: 'DONE' }, 'detailed_status must be one of'],
    ['no status', { answer: 'Vastaus' }, "must have required property 'detailed_status'"],
    ['an unknown field', { detailed_status: 'IN_PROCESS', public: true }, 'unknown field "public"'],
    ['a blank answer', { detailed_status: 'IN_PROCESS', answer: '   ' }, 'answer must match pattern'],
    ['a body that is not JSON', '{"detailed_status":', 'not valid JSON'],
  ])('when the body has %s, then 400 naming the problem', async (_what, bodyIn, message) => {
    const { publicId } = await plant();
    const body = await call('adminChangeStatus', publicId, streetHandler, bodyIn, 400);
    expect(body.errors.map((e: { description: string }) => e.description).join('; ')).toContain(message);
    expect(await events(publicId)).toEqual([]);
  });
});

describe('the service estimate follows the status', () => {
  it('when a request is closed PROCESSED, then the service estimate is its handling time; reopened, the estimate is gone again', async () => {
    const serviceId = await createService(t.db.pool, { code: 'EST', departmentId: streets });
    const estimate = async () =>
      (await t.db.pool.query('SELECT estimate_seconds FROM service WHERE id = $1', [serviceId])).rows[0]
        .estimate_seconds as number | null;
    const { publicId } = await plant({ serviceId });
    await call('adminChangeStatus', publicId, streetHandler, { detailed_status: 'PROCESSED' }, 200);
    const stored = await row(publicId);
    const handling = ((stored.closed_at as Date).getTime() - stored.requested_at.getTime()) / 1000;
    expect(Math.abs(((await estimate()) as number) - handling)).toBeLessThanOrEqual(1);
    expect(handling).toBeGreaterThan(3 * 86400 - 60);
    await call('adminChangeStatus', publicId, streetHandler, { detailed_status: 'IN_PROCESS' }, 200);
    expect(await estimate()).toBeNull();
  });
});

describe('who may work a request', () => {
  it.each(Object.keys(OPERATIONS))('when a viewer or another department calls %s, then 403', async (operationId) => {
    const { publicId } = await plant();
    await call(operationId, publicId, viewer, {}, 403);
    await call(operationId, publicId, parksHandler, {}, 403);
    await call(operationId, publicId, null, {}, 401);
    expect(await events(publicId)).toEqual([]);
  });

  it.each(Object.keys(OPERATIONS))('when %s names an unknown request, then 404', async (operationId) => {
    await call(operationId, '2026-999999', admin, {}, 404);
  });
});

describe('POST /requests/{id}/answer and /notes', () => {
  it('when an answer is written, then it is the status_notes and a public event with the current status', async () => {
    const { publicId } = await plant({ detailedStatus: 'IN_PROCESS' });
    await call('adminAnswerRequest', publicId, streetHandler, { answer: 'Kiitos, tarkistamme asian.' }, 200);
    const stored = await row(publicId);
    expect(stored).toMatchObject({ detailed_status: 'IN_PROCESS', status_notes: 'Kiitos, tarkistamme asian.' });
    expect(stored.updated_at.getTime()).toBeGreaterThan(stored.requested_at.getTime());
    expect(await events(publicId)).toEqual([
      expect.objectContaining({
        kind: 'answered',
        public: true,
        handler_id: streetHandler.id,
        status: 'open',
        detailed_status: 'IN_PROCESS',
        note: 'Kiitos, tarkistamme asian.',
      }),
    ]);
  });

  it('when a closed request gets a further answer, then it stays closed', async () => {
    const { publicId } = await plant({ status: 'closed', detailedStatus: 'PROCESSED' });
    const body = await call('adminAnswerRequest', publicId, streetHandler, { answer: 'Lisätieto.' }, 200);
    expect(body).toMatchObject({ status: 'closed', detailed_status: 'PROCESSED' });
  });

  it('when an internal note is written, then only an internal event is added and updated_at stays', async () => {
    const { publicId } = await plant();
    const before = await row(publicId);
    const body = await call('adminAddNote', publicId, streetHandler, { note: 'Soitin asukkaalle.' }, 200);
    expect(await row(publicId)).toEqual(before);
    expect(await events(publicId)).toEqual([
      expect.objectContaining({ id: body.event_id, kind: 'note', public: false, handler_id: streetHandler.id }),
    ]);
  });

  it.each([
    ['adminAnswerRequest', 'no answer', { note: 'x' }],
    ['adminAnswerRequest', 'an empty answer', { answer: '' }],
    ['adminAddNote', 'no note', {}],
    ['adminAddNote', 'a note over 5000 characters', { note: 'x'.repeat(5001) }],
  ])('when %s gets %s, then 400', async (operationId, _what, body) => {
    const { publicId } = await plant();
    await call(operationId, publicId, streetHandler, body, 400);
  });
});

describe('POST /requests/{id}/assignment', () => {
  it('when a handler assigns a colleague of the department, then only the assignee changes', async () => {
    const { publicId } = await plant();
    const before = await row(publicId);
    await call('adminAssignRequest', publicId, streetHandler, { handler_id: colleague.id }, 200);
    const stored = await row(publicId);
    expect(stored).toEqual({ ...before, assignee_id: colleague.id });
    expect(await events(publicId)).toEqual([
      expect.objectContaining({
        kind: 'assigned',
        public: false,
        handler_id: streetHandler.id,
        data: {
          from_department_id: streets,
          to_department_id: streets,
          from_handler_id: null,
          to_handler_id: colleague.id,
        },
      }),
    ]);
    await call('adminAssignRequest', publicId, streetHandler, { handler_id: colleague.id }, 409);
    await call('adminAssignRequest', publicId, streetHandler, { handler_id: null }, 200);
    expect((await row(publicId)).assignee_id).toBeNull();
  });

  it('when the assignee is a viewer, of another department, inactive or unknown, then 400', async () => {
    const { publicId } = await plant();
    const inactive = await createHandler(t.db.pool, 'handler', [streets]);
    await t.db.pool.query('UPDATE handler SET active = false WHERE id = $1', [inactive.id]);
    for (const handlerId of [viewer.id, parksHandler.id, inactive.id, 99999]) {
      const body = await call('adminAssignRequest', publicId, streetHandler, { handler_id: handlerId }, 400);
      expect(body.errors[0].description).toContain(`handler_id ${handlerId} is not an active handler`);
    }
    expect((await row(publicId)).assignee_id).toBeNull();
  });

  it('when a handler of both departments moves it with an assignee, then department, agency and assignee change', async () => {
    const { publicId } = await plant();
    await call('adminAssignRequest', publicId, streetHandler, { handler_id: colleague.id }, 200);
    await call('adminAssignRequest', publicId, bothHandler, { department_id: parks, handler_id: parksHandler.id }, 200);
    expect(await row(publicId)).toMatchObject({
      department_id: parks,
      assignee_id: parksHandler.id,
      agency_responsible: 'Puistopalvelut',
    });
  });

  it('when a handler assigns to a department they are not in, then 403; an admin may, and the assignee is cleared', async () => {
    const { publicId } = await plant();
    await call('adminAssignRequest', publicId, streetHandler, { handler_id: colleague.id }, 200);
    const body = await call('adminAssignRequest', publicId, streetHandler, { department_id: parks }, 403);
    expect(body.errors[0].description).toContain('redirect');
    await call('adminAssignRequest', publicId, admin, { department_id: parks }, 200);
    expect(await row(publicId)).toMatchObject({ department_id: parks, assignee_id: null });
  });

  it.each([
    ['an empty body', 400, {}],
    ['a department of another jurisdiction', 400, { department_id: -1 }],
    ['an unknown department', 400, { department_id: 99999 }],
    ['a string id', 400, { handler_id: '7' }],
  ])('when an admin sends %s, then %i', async (_what, status, body) => {
    const { publicId } = await plant();
    const payload = 'department_id' in body && body.department_id === -1 ? { department_id: elsewhere } : body;
    await call('adminAssignRequest', publicId, admin, payload, status);
    expect(await events(publicId)).toEqual([]);
  });
});

describe('POST /requests/{id}/redirect', () => {
  it('when redirected to another department, then it stays open and unassigned there and the handler loses it', async () => {
    const { publicId } = await plant({ detailedStatus: 'IN_PROCESS' });
    await call('adminAssignRequest', publicId, streetHandler, { handler_id: colleague.id }, 200);
    const body = await call(
      'adminRedirectRequest',
      publicId,
      streetHandler,
      { to: 'department', department_id: parks, note: 'Puiston alue.' },
      200,
    );
    expect(body).toMatchObject({ status: 'open', detailed_status: 'IN_PROCESS' });
    expect(await row(publicId)).toMatchObject({
      department_id: parks,
      assignee_id: null,
      agency_responsible: 'Puistopalvelut',
      status: 'open',
    });
    expect((await events(publicId))[1]).toMatchObject({
      kind: 'redirected_internal',
      public: false,
      handler_id: streetHandler.id,
      note: 'Puiston alue.',
      data: { from_department_id: streets, to_department_id: parks, from_handler_id: colleague.id },
    });
    await call('adminAddNote', publicId, streetHandler, { note: 'Vielä?' }, 403);
    await call('adminAddNote', publicId, parksHandler, { note: 'Otetaan.' }, 200);
  });

  it('when redirected to another authority, then it closes REJECTED with a template answer in its language', async () => {
    const { publicId } = await plant({ locale: 'sv' });
    const body = await call(
      'adminRedirectRequest',
      publicId,
      streetHandler,
      {
        to: 'authority',
        authority_name: 'Närings-, trafik- och miljöcentralen',
        authority_contact: 'https://www.ely-keskus.fi',
        answer: 'Vägen är en landsväg.',
      },
      200,
    );
    expect(body).toMatchObject({ status: 'closed', detailed_status: 'REJECTED' });
    const stored = await row(publicId);
    expect(stored).toMatchObject({ agency_responsible: 'Närings-, trafik- och miljöcentralen', status: 'closed' });
    expect(stored.status_notes).toBe(
      'Ärendet i din respons hör till en annan myndighet: Närings-, trafik- och miljöcentralen. ' +
        'Kontakt: https://www.ely-keskus.fi.\n\nVägen är en landsväg.',
    );
    expect(stored.closed_at).not.toBeNull();
    expect(stored.first_handled_at).not.toBeNull();
    expect(await events(publicId)).toEqual([
      expect.objectContaining({
        kind: 'redirected_external',
        public: true,
        handler_id: streetHandler.id,
        status: 'closed',
        detailed_status: 'REJECTED',
        note: stored.status_notes,
        data: {
          from: 'RECEIVED',
          authority_name: 'Närings-, trafik- och miljöcentralen',
          authority_contact: 'https://www.ely-keskus.fi',
        },
      }),
    ]);
  });

  it('when a redirected request is reopened, then its department is the agency again', async () => {
    const { publicId } = await plant();
    await call(
      'adminRedirectRequest',
      publicId,
      streetHandler,
      { to: 'authority', authority_name: 'Poliisi', authority_contact: 'poliisi.fi' },
      200,
    );
    await call('adminChangeStatus', publicId, streetHandler, { detailed_status: 'IN_PROCESS' }, 200);
    expect(await row(publicId)).toMatchObject({ agency_responsible: 'Katupalvelut', status: 'open', closed_at: null });
  });

  it.each([
    ['to its own department', 'an open', 409, { to: 'department', department_id: 0 }, 'already belongs'],
    ['to another department', 'a closed', 409, { to: 'department', department_id: -1 }, 'reopen it first'],
    ['to an authority', 'a closed', 409, { to: 'authority', authority_name: 'A', authority_contact: 'B' }, 'reopen'],
    ['to an unknown department', 'an open', 400, { to: 'department', department_id: 99999 }, 'department_id 99999'],
    ['without department_id', 'an open', 400, { to: 'department' }, "property 'department_id'"],
    ['without contact', 'an open', 400, { to: 'authority', authority_name: 'P' }, "property 'authority_contact'"],
    ['to an unknown kind of target', 'an open', 400, { to: 'moon' }, 'to must be one of "department", "authority"'],
    [
      'to an authority with a note',
      'an open',
      400,
      { to: 'authority', authority_name: 'A', authority_contact: 'B', note: 'x' },
      'unknown field "note"',
    ],
  ])('when redirecting %s on %s request, then %i and nothing changes', async (_what, state, status, raw, message) => {
    const { publicId } = await plant({ status: state === 'a closed' ? 'closed' : 'open' });
    const body = { ...raw } as Record<string, unknown>;
    if (body.department_id === 0) body.department_id = streets;
    if (body.department_id === -1) body.department_id = parks;
    const before = await row(publicId);
    const answer = await call('adminRedirectRequest', publicId, streetHandler, body, status);
    expect(answer.errors.map((e: { description: string }) => e.description).join('; ')).toContain(message);
    expect(await row(publicId)).toEqual(before);
    expect(await events(publicId)).toEqual([]);
  });
});

describe('POST /requests/{id}/duplicate', () => {
  it('when marked a duplicate of a public request, then it closes PROCESSED with an answer naming the original', async () => {
    const original = await plant({ detailedStatus: 'IN_PROCESS' });
    const { publicId } = await plant({ locale: 'en' });
    const body = await call(
      'adminMarkDuplicate',
      publicId,
      streetHandler,
      { original_id: original.publicId, answer: 'Thank you anyway!' },
      200,
    );
    expect(body).toMatchObject({ status: 'closed', detailed_status: 'PROCESSED' });
    const stored = await row(publicId);
    expect(stored.duplicate_of).toBe(original.id);
    expect(stored.status_notes).toBe(
      `The same matter has already been reported as request ${original.publicId} and is handled there. ` +
        `You can follow it on request ${original.publicId}.\n\nThank you anyway!`,
    );
    expect(stored.closed_at).not.toBeNull();
    expect(await events(publicId)).toEqual([
      expect.objectContaining({
        kind: 'duplicate',
        public: true,
        handler_id: streetHandler.id,
        status: 'closed',
        detailed_status: 'PROCESSED',
        note: stored.status_notes,
        data: { from: 'RECEIVED', original: original.publicId, named: original.publicId },
      }),
    ]);
  });

  it('when the named original is itself a duplicate, then the link goes to its original', async () => {
    const root = await plant();
    const first = await plant();
    const second = await plant();
    await call('adminMarkDuplicate', first.publicId, streetHandler, { original_id: root.publicId }, 200);
    await call('adminMarkDuplicate', second.publicId, streetHandler, { original_id: first.publicId }, 200);
    expect((await row(second.publicId)).duplicate_of).toBe(root.id);
    expect((await row(second.publicId)).status_notes).toContain(root.publicId);
    const body = await call('adminMarkDuplicate', root.publicId, streetHandler, { original_id: second.publicId }, 409);
    expect(body.errors[0].description).toContain('2 request(s) are duplicates of this one');
  });

  it('when the original is not public, then the answer does not name it', async () => {
    const original = await plant();
    await t.db.pool.query(`UPDATE service_request SET visibility = 'hidden' WHERE id = $1`, [original.id]);
    const { publicId } = await plant();
    await call('adminMarkDuplicate', publicId, streetHandler, { original_id: original.publicId }, 200);
    const stored = await row(publicId);
    expect(stored.duplicate_of).toBe(original.id);
    expect(stored.status_notes).toBe('Samasta asiasta on jo tehty palaute, ja asia käsitellään sen yhteydessä.');
  });

  it('when a duplicate is reopened, then it is no longer linked', async () => {
    const original = await plant();
    const { publicId } = await plant();
    await call('adminMarkDuplicate', publicId, streetHandler, { original_id: original.publicId }, 200);
    await call('adminChangeStatus', publicId, streetHandler, { detailed_status: 'IN_PROCESS' }, 200);
    expect(await row(publicId)).toMatchObject({ duplicate_of: null, status: 'open' });
  });

  it('when the original is a never-public request of a department the handler cannot read, then the same 404 as an unknown id and nothing changes', async () => {
    const secret = await plant({ serviceId: parksSecretService });
    const { publicId } = await plant();
    const before = await row(publicId);
    const hidden = await call('adminMarkDuplicate', publicId, streetHandler, { original_id: secret.publicId }, 404);
    expect(hidden).toEqual({ errors: [{ code: 404, description: `original_id "${secret.publicId}" not found` }] });
    // An id that does not exist reads the same, but for the id itself: nothing tells them apart.
    const unknown = await call('adminMarkDuplicate', publicId, streetHandler, { original_id: '2026-999998' }, 404);
    expect(unknown).toEqual({ errors: [{ code: 404, description: 'original_id "2026-999998" not found' }] });
    expect(await row(publicId)).toEqual(before);
    expect(await events(publicId)).toEqual([]);
    expect((await row(secret.publicId)).status).toBe('open');
  });

  it('when the handler reads both departments, or is an admin, then an original of the other department is linked', async () => {
    for (const who of [bothHandler, admin]) {
      const original = await plant({ serviceId: parksSecretService });
      const { publicId } = await plant();
      await call('adminMarkDuplicate', publicId, who, { original_id: original.publicId }, 200);
      expect((await row(publicId)).duplicate_of).toBe(original.id);
    }
  });

  it('when the named original is readable but is a duplicate of one the handler cannot read, then 409 and nothing changes', async () => {
    const root = await plant({ serviceId: parksSecretService });
    const named = await plant();
    await call('adminMarkDuplicate', named.publicId, admin, { original_id: root.publicId }, 200);
    const { publicId } = await plant();
    const before = await row(publicId);
    const body = await call('adminMarkDuplicate', publicId, streetHandler, { original_id: named.publicId }, 409);
    expect(body.errors[0].description).toContain(`is a duplicate of ${root.publicId}, which you may not read`);
    expect(await row(publicId)).toEqual(before);
  });

  it('when an admin names a request of another jurisdiction, then 400', async () => {
    const other = await plant({ serviceId: otherTownService });
    const { publicId } = await plant();
    const body = await call('adminMarkDuplicate', publicId, admin, { original_id: other.publicId }, 400);
    expect(body.errors[0].description).toContain('another jurisdiction');
    expect((await row(publicId)).status).toBe('open');
  });

  it.each([
    ['itself', 'an open', 400, 'self', 'another request'],
    ['an unknown request', 'an open', 404, '2026-999999', 'not found'],
    ['a request of another jurisdiction', 'an open', 404, 'other', 'not found'],
    ['a malformed id', 'an open', 400, '123', 'original_id must match pattern'],
    ['a good original', 'a closed', 409, 'good', 'closed'],
  ])('when the original is %s for %s request, then %i', async (_what, state, status, which, message) => {
    const { publicId } = await plant({ status: state === 'a closed' ? 'closed' : 'open' });
    const targets: Record<string, () => Promise<string>> = {
      self: async () => publicId,
      other: async () => (await plant({ serviceId: otherTownService })).publicId,
      good: async () => (await plant()).publicId,
    };
    const originalId = targets[which] === undefined ? which : await targets[which]();
    const before = await row(publicId);
    const body = await call('adminMarkDuplicate', publicId, streetHandler, { original_id: originalId }, status);
    expect(body.errors[0].description).toContain(message);
    expect(await row(publicId)).toEqual(before);
    expect(await events(publicId)).toEqual([]);
  });
});

describe('PUT /requests/{id}/expected', () => {
  it('when a handler sets and clears expected_datetime, then expected_at follows with internal events', async () => {
    const { publicId } = await plant();
    await call('adminSetExpected', publicId, streetHandler, { expected_datetime: '2026-06-01T12:00:00+03:00' }, 200);
    expect((await row(publicId)).expected_at).toEqual(new Date('2026-06-01T09:00:00Z'));
    await call('adminSetExpected', publicId, streetHandler, { expected_datetime: null }, 200);
    expect((await row(publicId)).expected_at).toBeNull();
    expect(await events(publicId)).toEqual([
      expect.objectContaining({
        kind: 'expected_set',
        public: false,
        handler_id: streetHandler.id,
        data: { from: null, to: '2026-06-01T09:00:00Z' },
      }),
      expect.objectContaining({ kind: 'expected_set', data: { from: '2026-06-01T09:00:00Z', to: null } }),
    ]);
  });

  it('when the same value is set again, then updated_at does not move', async () => {
    const { publicId } = await plant();
    await call('adminSetExpected', publicId, streetHandler, { expected_datetime: '2026-06-01T09:00:00Z' }, 200);
    const before = await row(publicId);
    await call('adminSetExpected', publicId, streetHandler, { expected_datetime: '2026-06-01T12:00:00+03:00' }, 200);
    expect(await row(publicId)).toEqual(before);
  });

  it.each([
    ['a Finnish date', 'an open', 400, { expected_datetime: '1.6.2026' }],
    ['a date without time', 'an open', 400, { expected_datetime: '2026-06-01' }],
    ['nothing', 'an open', 400, {}],
    ['a good date-time', 'a closed', 409, { expected_datetime: '2026-06-01T09:00:00Z' }],
  ])('when %s is put on %s request, then %i', async (_what, state, status, body) => {
    const { publicId } = await plant({ status: state === 'a closed' ? 'closed' : 'open' });
    await call('adminSetExpected', publicId, streetHandler, body, status);
    expect((await row(publicId)).expected_at).toBeNull();
  });
});
