import { createHandler, type TestHandler } from '../support/admin';
import { createTestContext, type TestContext } from '../support/context';
import { createDepartment, createJurisdiction, createService, daysAgo, plantRequest } from '../support/factories';
import { getBoth } from '../support/http';
import { expectValidResponse } from '../support/openapi';

/**
 * Private answers (docs/publication.md §1): `visibility: private` on POST .../answer and on a
 * status change with an answer. The answer is an internal `answered` event that handlers see
 * with its visibility, it is e-mailed to the resident in the same transaction, and status_notes
 * and the public history never change because of it. The default stays public.
 */
let t: TestContext;
let streetService: number;
let handler: TestHandler;
let sequence = 0;

beforeAll(async () => {
  t = await createTestContext();
  const pool = t.db.pool;
  await createJurisdiction(pool, 'test.fi');
  const streets = await createDepartment(pool, 'test.fi', 'streets', { fi: 'Katupalvelut' });
  streetService = await createService(pool, { code: '100', departmentId: streets });
  handler = await createHandler(pool, 'handler', [streets]);
});
afterAll(() => t.close());

/** A public open request of the streets department, with or without the resident's e-mail. */
async function plant(spec: { email?: string; locale?: string; statusNotes?: string } = {}): Promise<string> {
  sequence += 1;
  const publicId = `2026-${String(sequence).padStart(6, '0')}`;
  await plantRequest(t.db.pool, {
    serviceId: streetService,
    publicId,
    requestedAt: daysAgo(2),
    email: spec.email,
    statusNotes: spec.statusNotes,
  });
  await t.db.pool.query(
    `UPDATE service_request r SET department_id = s.department_id, locale = $2
       FROM service s WHERE s.id = r.service_id AND r.public_id = $1`,
    [publicId, spec.locale ?? 'fi'],
  );
  return publicId;
}

type Event = { id: string; kind: string; public: boolean; note: string | null; detailed_status: string | null };

const events = async (publicId: string): Promise<(Event & { data: Record<string, unknown> })[]> =>
  (
    await t.db.pool.query(
      `SELECT e.id, e.kind, e.public, e.note, e.detailed_status, e.data
         FROM request_event e JOIN service_request r ON r.id = e.request_id
        WHERE r.public_id = $1 AND e.kind <> 'created' ORDER BY e.id`,
      [publicId],
    )
  ).rows;

const mails = async (publicId: string) =>
  (
    await t.db.pool.query<{ kind: string; recipient: string; subject: string; body: string }>(
      `SELECT o.kind, o.recipient, o.subject, o.body FROM outbox o JOIN service_request r ON r.id = o.request_id
        WHERE r.public_id = $1 ORDER BY o.id`,
      [publicId],
    )
  ).rows;

const statusNotes = async (publicId: string) =>
  (await t.db.pool.query('SELECT status_notes FROM service_request WHERE public_id = $1', [publicId])).rows[0]
    .status_notes as string | null;

async function post(publicId: string, path: 'answer' | 'status', body: object, status: number) {
  const response = await t.api.post(`/admin/v1/requests/${publicId}/${path}`).set(handler.auth).send(body);
  expect({ status: response.status, body: response.body }).toEqual({ status, body: expect.anything() });
  expectValidResponse(path === 'answer' ? 'adminAnswerRequest' : 'adminChangeStatus', status, 'json', response.body);
  return response.body;
}

/** Everything the public reads about the request, both formats, with and without extensions. */
async function publicText(publicId: string): Promise<string> {
  const path = `/open311/v2/requests/${publicId}`;
  const extended = await getBoth(t.api, path, 'extensions=true', 'getRequest');
  const core = await getBoth(t.api, path, '', 'getRequest');
  const updates = await t.api.get(`/open311/v2/servicerequestupdates.json?start_date=${daysAgo(3)}`);
  const page = await t.api.get(`/requests/${publicId}`);
  return JSON.stringify([extended.json, extended.xml, core.json, updates.body]) + page.text;
}

describe('POST /requests/{id}/answer with visibility private', () => {
  it('when a handler answers privately, then the resident is e-mailed and nothing public changes', async () => {
    const publicId = await plant({ email: 'asukas@example.test', statusNotes: 'Aiempi julkinen vastaus.' });
    const answer = 'PRIVATE-ANSWER-1 Soitamme teille huomenna.';
    const body = await post(publicId, 'answer', { answer, visibility: 'private' }, 200);
    const [event] = await events(publicId);
    expect(body).toEqual({
      service_request_id: publicId,
      status: 'open',
      detailed_status: 'RECEIVED',
      visibility: 'public',
      event_id: event.id,
    });
    expect(event).toMatchObject({
      kind: 'answered',
      public: false,
      note: answer,
      detailed_status: 'RECEIVED',
      data: { visibility: 'private' },
    });
    expect(await statusNotes(publicId)).toBe('Aiempi julkinen vastaus.');
    const [mail] = await mails(publicId);
    expect(mail).toMatchObject({ kind: 'answer', recipient: 'asukas@example.test' });
    expect(mail.body).toContain(answer);
    expect(mail.body).toContain('Vastaus on vain sinulle, eikä sitä julkaista.');
    const seen = await publicText(publicId);
    expect(seen).toContain('Aiempi julkinen vastaus.');
    expect(seen).not.toContain('PRIVATE-ANSWER-1');
  });

  it('when the handler reads the request, then the private answer is in the history with its visibility', async () => {
    const publicId = await plant({ email: 'asukas@example.test' });
    await post(publicId, 'answer', { answer: 'PRIVATE-ANSWER-2 vain asukkaalle', visibility: 'private' }, 200);
    const detail = await t.api.get(`/admin/v1/requests/${publicId}`).set(handler.auth);
    expect(detail.status).toBe(200);
    expectValidResponse('adminGetRequest', 200, 'json', detail.body);
    const answered = detail.body.events.find((e: { kind: string }) => e.kind === 'answered');
    expect(answered).toMatchObject({
      public: false,
      note: 'PRIVATE-ANSWER-2 vain asukkaalle',
      data: { visibility: 'private' },
      handler: { id: handler.id },
    });
    expect(detail.body.status_notes).toBeNull();
  });

  it('when the resident gave no address, then the private answer is kept for handlers and no mail is queued', async () => {
    const publicId = await plant();
    await post(publicId, 'answer', { answer: 'PRIVATE-ANSWER-3', visibility: 'private' }, 200);
    expect((await events(publicId)).map((e) => [e.kind, e.public])).toEqual([['answered', false]]);
    expect(await mails(publicId)).toEqual([]);
  });

  it('when the resident wrote in Swedish, then the private answer mail is in Swedish', async () => {
    const publicId = await plant({ email: 'invanare@example.test', locale: 'sv' });
    await post(publicId, 'answer', { answer: 'Vi ringer er.', visibility: 'private' }, 200);
    const [mail] = await mails(publicId);
    expect(mail.subject).toBe(`Svar på din respons (${publicId})`);
    expect(mail.body).toContain('Svaret är endast till dig och publiceras inte.');
  });

  it.each<[object, string]>([
    [{ answer: 'Julkinen vastaus.' }, 'the default'],
    [{ answer: 'Julkinen vastaus.', visibility: 'public' }, 'visibility public'],
  ])('when %j is sent (%s), then the answer is public as before', async (sent) => {
    const publicId = await plant({ email: 'asukas@example.test' });
    await post(publicId, 'answer', sent, 200);
    expect((await events(publicId))[0]).toMatchObject({ kind: 'answered', public: true, data: {} });
    expect(await statusNotes(publicId)).toBe('Julkinen vastaus.');
    const [mail] = await mails(publicId);
    expect(mail.body).not.toContain('ei julkaista');
    expect(await publicText(publicId)).toContain('Julkinen vastaus.');
  });

  it('when visibility is not public or private, then 400 names it and nothing is written', async () => {
    const publicId = await plant({ email: 'asukas@example.test' });
    const body = await post(publicId, 'answer', { answer: 'Vastaus', visibility: 'secret' }, 400);
    expect(body.errors[0].description).toBe('visibility must be one of "public", "private"');
    expect(await events(publicId)).toEqual([]);
    expect(await mails(publicId)).toEqual([]);
  });
});

describe('POST /requests/{id}/status with a private answer', () => {
  it('when a status change carries a private answer, then the change is public and the answer is not', async () => {
    const publicId = await plant({ email: 'asukas@example.test', statusNotes: 'Aiempi julkinen vastaus.' });
    const answer = 'PRIVATE-ANSWER-4 Korjaus viivästyy, soitamme.';
    const body = await post(publicId, 'status', { detailed_status: 'IN_PROCESS', answer, visibility: 'private' }, 200);
    const [changed, privateAnswer] = await events(publicId);
    expect(body.event_id).toBe(changed.id);
    expect(changed).toMatchObject({ kind: 'status_changed', public: true, note: null, detailed_status: 'IN_PROCESS' });
    expect(privateAnswer).toMatchObject({
      kind: 'answered',
      public: false,
      note: answer,
      detailed_status: 'IN_PROCESS',
      data: { visibility: 'private', status_event: changed.id },
    });
    expect(await statusNotes(publicId)).toBe('Aiempi julkinen vastaus.');
    const [mail] = await mails(publicId);
    expect(mail.kind).toBe('status_changed');
    expect(mail.subject).toBe(`Palautteesi tila: Käsittelyssä (${publicId})`);
    expect(mail.body).toContain(answer);
    expect(mail.body).toContain('Vastaus on vain sinulle, eikä sitä julkaista.');
    const { json } = await getBoth(t.api, `/open311/v2/requests/${publicId}`, 'extensions=true', 'getRequest');
    const [request] = json as {
      status_notes: string;
      extended_attributes: { log: { status: string; note: null }[] };
    }[];
    expect(request.status_notes).toBe('Aiempi julkinen vastaus.');
    expect(request.extended_attributes.log.map((entry) => [entry.status, entry.note])).toEqual([
      ['RECEIVED', null],
      ['IN_PROCESS', null],
    ]);
    expect(await publicText(publicId)).not.toContain('PRIVATE-ANSWER-4');
  });

  it('when visibility comes without an answer, then 400 names the answer and nothing changes', async () => {
    const publicId = await plant({ email: 'asukas@example.test' });
    const body = await post(publicId, 'status', { detailed_status: 'IN_PROCESS', visibility: 'private' }, 400);
    expect(body.errors[0].description).toBe('body must have property answer when property visibility is present');
    expect(await events(publicId)).toEqual([]);
    expect(await mails(publicId)).toEqual([]);
  });

  it('when a status change is refused, then its private answer is not written nor mailed', async () => {
    const publicId = await plant({ email: 'asukas@example.test' });
    await post(publicId, 'status', { detailed_status: 'RECEIVED', answer: 'X', visibility: 'private' }, 409);
    expect(await events(publicId)).toEqual([]);
    expect(await mails(publicId)).toEqual([]);
  });
});
