import { createHandler, type TestHandler } from '../support/admin';
import { createTestContext, type TestContext } from '../support/context';
import { createDepartment, createJurisdiction, createService, daysAgo, plantRequest } from '../support/factories';
import { getBoth } from '../support/http';
import { expectValidResponse } from '../support/openapi';

/**
 * Each workflow step as the public sees it: GET /open311/v2/requests/{id} in JSON and XML
 * (getBoth validates both against the document and checks the XML reads back as the JSON).
 * Internal notes and handler identities must never appear; a refused step changes nothing.
 */
const NOTE = 'INTERNAL-NOTE-MARKER soitettu asukkaalle';
const HANDLER_NAME = 'Hanna HANDLER-IDENTITY-MARKER';
const HANDLER_EMAIL = 'hanna.marker@city.test';

let t: TestContext;
let parks: number;
let streetService: number;
let privateService: number;
let handler: TestHandler;
let sequence = 0;

beforeAll(async () => {
  t = await createTestContext();
  const pool = t.db.pool;
  await createJurisdiction(pool, 'test.fi');
  const streets = await createDepartment(pool, 'test.fi', 'streets', { fi: 'Katupalvelut', en: 'Streets' });
  parks = await createDepartment(pool, 'test.fi', 'parks', { fi: 'Puistopalvelut', en: 'Parks' });
  streetService = await createService(pool, { code: '100', departmentId: streets });
  privateService = await createService(pool, { code: '900', departmentId: streets, neverPublic: true });
  handler = await createHandler(pool, 'handler', [streets, parks], HANDLER_EMAIL);
  await pool.query('UPDATE handler SET name = $2 WHERE id = $1', [handler.id, HANDLER_NAME]);
});
afterAll(() => t.close());

/** A public request of the streets department, received three days ago. */
async function plant(spec: { serviceId?: number; visibility?: 'public' | 'hidden' } = {}): Promise<string> {
  sequence += 1;
  const publicId = `2026-${String(sequence).padStart(6, '0')}`;
  await plantRequest(t.db.pool, {
    serviceId: spec.serviceId ?? streetService,
    publicId,
    visibility: spec.visibility,
    requestedAt: daysAgo(3),
  });
  await t.db.pool.query(
    `UPDATE service_request r SET department_id = s.department_id, agency_responsible = 'Katupalvelut'
       FROM service s WHERE s.id = r.service_id AND r.public_id = $1`,
    [publicId],
  );
  return publicId;
}

type LogEntry = { time: string; status: string; note: string | null };
type PublicRequest = {
  service_request_id: string;
  status: string;
  status_notes: string | null;
  agency_responsible: string | null;
  updated_datetime: string;
  expected_datetime: string | null;
  extended_attributes: {
    detailed_status: string;
    status_descriptive_name: string;
    log: LogEntry[];
    duplicate?: boolean;
    parent_service_request_id?: string | null;
  };
};

/**
 * The request as the public reads it, in both formats (validated, XML equal to JSON), plus
 * the raw bodies of the single and list reads, with and without extensions, for leak scans.
 */
async function publicView(publicId: string): Promise<{ request: PublicRequest; raw: string }> {
  const path = `/open311/v2/requests/${publicId}`;
  const { json } = await getBoth(t.api, path, 'extensions=true', 'getRequest');
  const core = await getBoth(t.api, path, '', 'getRequest');
  const [request] = json as PublicRequest[];
  const { extended_attributes: _ext, ...coreFields } = request;
  expect(core.json).toEqual([coreFields]);
  const raw: string[] = [];
  for (const url of [`${path}.json?extensions=true`, `${path}.xml?extensions=true`, `${path}.xml`]) {
    raw.push((await t.api.get(url)).text);
  }
  for (const format of ['json', 'xml']) {
    raw.push((await t.api.get(`/open311/v2/requests.${format}?extensions=true&service_request_id=${publicId}`)).text);
  }
  return { request, raw: raw.join('\n') };
}

function expectNoInternals(raw: string): void {
  for (const secret of [NOTE, HANDLER_NAME, HANDLER_EMAIL, 'HANDLER-IDENTITY-MARKER', 'handler_id', 'assignee']) {
    expect(raw).not.toContain(secret);
  }
}

async function act(path: string, body: object, status = 200, method: 'post' | 'put' = 'post') {
  const response = await t.api[method](`/admin/v1/requests/${path}`).set(handler.auth).send(body);
  expect(response.status).toBe(status);
  return response.body;
}

const status = (id: string, body: object, code = 200) => act(`${id}/status`, body, code);

describe('each workflow step in public Open311 output', () => {
  it('when a request is taken into processing with an answer and a note, then both formats show the answer as status_notes and history, never the note', async () => {
    const id = await plant();
    const before = (await publicView(id)).request;
    expect(before).toMatchObject({ status: 'open', status_notes: null });
    expect(before.extended_attributes.log).toEqual([{ time: expect.any(String), status: 'RECEIVED', note: null }]);

    await status(id, { detailed_status: 'IN_PROCESS', answer: 'Korjaamme kuopan ensi viikolla.', note: NOTE });
    const { request, raw } = await publicView(id);
    expect(request).toMatchObject({ status: 'open', status_notes: 'Korjaamme kuopan ensi viikolla.' });
    expect(request.extended_attributes).toMatchObject({
      detailed_status: 'IN_PROCESS',
      status_descriptive_name: 'Käsittelyssä',
    });
    expect(request.updated_datetime > before.updated_datetime).toBe(true);
    expect(request.extended_attributes.log).toEqual([
      before.extended_attributes.log[0],
      { time: request.updated_datetime, status: 'IN_PROCESS', note: 'Korjaamme kuopan ensi viikolla.' },
    ]);
    expect(request.extended_attributes).not.toHaveProperty('duplicate');
    expectNoInternals(raw);
  });

  it('when an answer is written and the request closed and reopened, then status, status_notes and log follow each step', async () => {
    const id = await plant();
    await status(id, { detailed_status: 'IN_PROCESS' });
    await act(`${id}/answer`, { answer: 'Urakoitsija on tilattu.' });
    let { request } = await publicView(id);
    expect(request).toMatchObject({ status: 'open', status_notes: 'Urakoitsija on tilattu.' });
    expect(request.extended_attributes.log.slice(1)).toEqual([
      { time: expect.any(String), status: 'IN_PROCESS', note: null },
      { time: request.updated_datetime, status: 'IN_PROCESS', note: 'Urakoitsija on tilattu.' },
    ]);

    await status(id, { detailed_status: 'PROCESSED' });
    ({ request } = await publicView(id));
    expect(request).toMatchObject({ status: 'closed', status_notes: 'Urakoitsija on tilattu.' });
    expect(request.extended_attributes.detailed_status).toBe('PROCESSED');
    expect(request.extended_attributes.log.at(-1)).toEqual({
      time: request.updated_datetime,
      status: 'PROCESSED',
      note: null,
    });

    await status(id, { detailed_status: 'IN_PROCESS', answer: 'Kuoppa aukesi uudelleen.' });
    ({ request } = await publicView(id));
    expect(request).toMatchObject({ status: 'open', status_notes: 'Kuoppa aukesi uudelleen.' });
    expect(request.extended_attributes.log.map((e) => e.status)).toEqual([
      'RECEIVED',
      'IN_PROCESS',
      'IN_PROCESS',
      'PROCESSED',
      'IN_PROCESS',
    ]);
  });

  it('when a handler sets and clears expected_datetime, then the public field follows and the log does not grow', async () => {
    const id = await plant();
    const before = (await publicView(id)).request;
    await act(`${id}/expected`, { expected_datetime: '2026-06-01T12:00:00+03:00' }, 200, 'put');
    let { request } = await publicView(id);
    expect(request.expected_datetime).toBe('2026-06-01T09:00:00Z');
    expect(request.updated_datetime > before.updated_datetime).toBe(true);
    expect(request.extended_attributes.log).toEqual(before.extended_attributes.log);
    await act(`${id}/expected`, { expected_datetime: null }, 200, 'put');
    ({ request } = await publicView(id));
    expect(request.expected_datetime).toBeNull();
  });

  it('when only the assignee changes, then public output is byte for byte the same', async () => {
    const id = await plant();
    const before = await publicView(id);
    await act(`${id}/assignment`, { handler_id: handler.id });
    const after = await publicView(id);
    expect(after.raw).toBe(before.raw);
    expectNoInternals(after.raw);
  });

  it('when redirected to another department, then agency_responsible names it, it stays open, and the note stays internal', async () => {
    const id = await plant();
    const before = (await publicView(id)).request;
    await act(`${id}/redirect`, { to: 'department', department_id: parks, note: NOTE });
    const { request, raw } = await publicView(id);
    expect(request).toMatchObject({ status: 'open', agency_responsible: 'Puistopalvelut', status_notes: null });
    expect(request.updated_datetime > before.updated_datetime).toBe(true);
    expect(request.extended_attributes.log).toEqual(before.extended_attributes.log);
    expectNoInternals(raw);
  });

  it('when redirected to another authority, then it is closed REJECTED with the authority and its contact in the answer and history', async () => {
    const id = await plant();
    await act(`${id}/redirect`, {
      to: 'authority',
      authority_name: 'Väylävirasto',
      authority_contact: 'https://vayla.fi/palaute',
      answer: 'Tie on valtion <maantie> & ei kaupungin.',
    });
    const { request, raw } = await publicView(id);
    const answer =
      'Palautteesi asia kuuluu toiselle viranomaiselle: Väylävirasto. Ota yhteyttä: https://vayla.fi/palaute.' +
      '\n\nTie on valtion <maantie> & ei kaupungin.';
    expect(request).toMatchObject({ status: 'closed', agency_responsible: 'Väylävirasto', status_notes: answer });
    expect(request.extended_attributes.detailed_status).toBe('REJECTED');
    expect(request.extended_attributes.log.at(-1)).toEqual({
      time: request.updated_datetime,
      status: 'REJECTED',
      note: answer,
    });
    expect(raw).toContain('valtion &lt;maantie&gt; &amp; ei');
    expectNoInternals(raw);
  });
});

describe('duplicates in public output', () => {
  it('when marked a duplicate of a public request, then duplicate and parent_service_request_id show in both formats and lists', async () => {
    const original = await plant();
    const id = await plant();
    await act(`${id}/duplicate`, { original_id: original });
    const { request, raw } = await publicView(id);
    expect(request).toMatchObject({ status: 'closed', status_notes: expect.stringContaining(`palaute ${original}`) });
    expect(request.extended_attributes).toMatchObject({
      detailed_status: 'PROCESSED',
      duplicate: true,
      parent_service_request_id: original,
    });
    expect(request.extended_attributes.log.at(-1)).toEqual({
      time: request.updated_datetime,
      status: 'PROCESSED',
      note: request.status_notes,
    });
    expect(raw).toContain(
      `<duplicate>true</duplicate><parent_service_request_id>${original}</parent_service_request_id>`,
    );
    const list = await getBoth(
      t.api,
      '/open311/v2/requests',
      `extensions=true&service_request_id=${id},${original}`,
      'getRequests',
    );
    const byId = new Map((list.json as PublicRequest[]).map((r) => [r.service_request_id, r.extended_attributes]));
    expect(byId.get(id)).toMatchObject({ duplicate: true, parent_service_request_id: original });
    expect(byId.get(original)).not.toHaveProperty('duplicate');
    expect(byId.get(original)).not.toHaveProperty('parent_service_request_id');
  });

  it.each([
    ['hidden', 'hidden'],
    ['never public', 'never_public'],
  ])('when the original is %s, then the duplicate says so without its id anywhere', async (_what, kind) => {
    const original = await plant(kind === 'hidden' ? { visibility: 'hidden' } : { serviceId: privateService });
    const id = await plant();
    await act(`${id}/duplicate`, { original_id: original });
    const { request, raw } = await publicView(id);
    expect(request.extended_attributes).toMatchObject({ duplicate: true, parent_service_request_id: null });
    expect(raw).toContain('<duplicate>true</duplicate><parent_service_request_id/>');
    expect(raw).not.toContain(original);
    expect(request.status_notes).toBe('Samasta asiasta on jo tehty palaute, ja asia käsitellään sen yhteydessä.');
  });

  it('when the original is published later, then the parent id appears; when a duplicate is reopened, both attributes go', async () => {
    const original = await plant({ visibility: 'hidden' });
    const id = await plant();
    await act(`${id}/duplicate`, { original_id: original });
    await t.db.pool.query(`UPDATE service_request SET visibility = 'public' WHERE public_id = $1`, [original]);
    expect((await publicView(id)).request.extended_attributes.parent_service_request_id).toBe(original);
    await status(id, { detailed_status: 'IN_PROCESS' });
    const { request } = await publicView(id);
    expect(request.status).toBe('open');
    expect(request.extended_attributes).not.toHaveProperty('duplicate');
    expect(request.extended_attributes).not.toHaveProperty('parent_service_request_id');
  });
});

describe('refused steps and the audit log', () => {
  it.each([
    ['an invalid transition with an answer', 'status', { detailed_status: 'RECEIVED', answer: 'EI-NÄY' }, 409],
    ['a duplicate of itself with an answer', 'duplicate', { original_id: 'SELF', answer: 'EI-NÄY' }, 400],
    ['an answer with an unknown field', 'answer', { answer: 'EI-NÄY', public: false }, 400],
  ])('when %s is refused, then public output and the audit log are unchanged', async (_what, path, body, code) => {
    const id = await plant();
    await status(id, { detailed_status: 'IN_PROCESS', answer: 'Ensimmäinen vastaus.' });
    const before = await publicView(id);
    const events = await t.db.pool.query('SELECT count(*)::int AS n FROM request_event');
    const payload = 'original_id' in body ? { ...body, original_id: id } : body;
    const refused = await act(`${id}/${path}`, payload, code);
    expect(refused.errors).toHaveLength(1);
    const after = await publicView(id);
    expect(after.raw).toBe(before.raw);
    expect(after.raw).not.toContain('EI-NÄY');
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM request_event')).rows[0].n).toBe(events.rows[0].n);
  });

  it('when a request is worked from start to close, then every step is in the audit log with the handler and only public ones are in the history', async () => {
    const id = await plant();
    const steps: [string, object, 'post' | 'put'][] = [
      ['assignment', { handler_id: handler.id }, 'post'],
      ['status', { detailed_status: 'IN_PROCESS', answer: 'Otettu käsittelyyn.', note: NOTE }, 'post'],
      ['expected', { expected_datetime: '2026-06-01T09:00:00Z' }, 'put'],
      ['redirect', { to: 'department', department_id: parks, note: NOTE }, 'post'],
      ['answer', { answer: 'Puistopalvelut hoitaa.' }, 'post'],
      ['notes', { note: NOTE }, 'post'],
      ['status', { detailed_status: 'PROCESSED', answer: 'Korjattu.' }, 'post'],
    ];
    const operations: Record<string, string> = {
      assignment: 'adminAssignRequest',
      status: 'adminChangeStatus',
      expected: 'adminSetExpected',
      redirect: 'adminRedirectRequest',
      answer: 'adminAnswerRequest',
      notes: 'adminAddNote',
    };
    for (const [path, body, method] of steps) {
      const result = await act(`${id}/${path}`, body, 200, method);
      expectValidResponse(operations[path], 200, 'json', result);
    }
    const audit = await t.db.pool.query<{ kind: string; public: boolean; handler_id: number; actor: string }>(
      `SELECT e.kind, e.public, e.handler_id, e.actor FROM request_event e JOIN service_request r ON r.id = e.request_id
        WHERE r.public_id = $1 AND e.kind <> 'created' ORDER BY e.id`,
      [id],
    );
    expect(audit.rows.map((e) => [e.kind, e.public])).toEqual([
      ['assigned', false],
      ['status_changed', true],
      ['note', false],
      ['expected_set', false],
      ['redirected_internal', false],
      ['answered', true],
      ['note', false],
      ['status_changed', true],
    ]);
    expect(audit.rows.every((e) => e.handler_id === handler.id && e.actor === 'handler')).toBe(true);
    const { request, raw } = await publicView(id);
    expect(request.extended_attributes.log.map((e) => [e.status, e.note])).toEqual([
      ['RECEIVED', null],
      ['IN_PROCESS', 'Otettu käsittelyyn.'],
      ['IN_PROCESS', 'Puistopalvelut hoitaa.'],
      ['PROCESSED', 'Korjattu.'],
    ]);
    expect(request).toMatchObject({
      status: 'closed',
      status_notes: 'Korjattu.',
      agency_responsible: 'Puistopalvelut',
      expected_datetime: '2026-06-01T09:00:00Z',
    });
    expectNoInternals(raw);
  });
});
