/**
 * GET servicerequestupdates [MYS] (docs/open311-dialect.md §17): public answers and status changes of
 * public requests, with stable update ids and mySociety statuses; nothing internal, nothing of
 * requests that are not public.
 */
import { recordEvent } from '../../src/repositories/admin/events';
import { withTransaction } from '../../src/repositories/transaction';
import { createHandler, type TestHandler } from '../support/admin';
import { seedCatalogue, type TestCatalogue } from '../support/catalogue';
import { createTestContext, type TestContext } from '../support/context';
import { plantRequest, type RequestSpec } from '../support/factories';
import { getBoth } from '../support/http';
import { expectValidResponse, expectValidXmlResponse } from '../support/openapi';

const PATH = '/open311/v2/servicerequestupdates';
const OPERATION = 'getServiceRequestUpdates';
const HANDLER_EMAIL = 'katja.kasittelija@city.test';
const INTERNAL = 'SISÄINEN: soita urakoitsijalle 040 765 4321';

let t: TestContext;
let s: TestCatalogue;
let handler: TestHandler;

type Update = {
  update_id: string;
  service_request_id: string;
  status: string;
  updated_datetime: string;
  description: string;
  media_url: string;
  external_status_code: string;
};

const minutesAgo = (m: number): Date => new Date(Math.floor(Date.now() / 1000) * 1000 - m * 60000);
const w3c = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`;

async function requestId(publicId: string): Promise<string> {
  const result = await t.db.pool.query<{ id: string }>('SELECT id FROM service_request WHERE public_id = $1', [
    publicId,
  ]);
  return result.rows[0].id;
}

type EventSpec = { kind: string; at: Date; detailedStatus?: string | null; note?: string | null; public?: boolean };

/** An audit event written by the test handler at a chosen time; returns its id. */
async function plantEvent(publicId: string, e: EventSpec): Promise<string> {
  const result = await t.db.pool.query<{ id: string }>(
    `INSERT INTO request_event (request_id, created_at, kind, public, detailed_status, note, actor, handler_id, data)
     VALUES ($1, $2, $3, $4, $5, $6, 'handler', $7, $8) RETURNING id::text`,
    [
      await requestId(publicId),
      e.at,
      e.kind,
      e.public ?? true,
      e.detailedStatus === undefined ? 'IN_PROCESS' : e.detailedStatus,
      e.note ?? null,
      handler.id,
      JSON.stringify({ handler_email: HANDLER_EMAIL }),
    ],
  );
  return result.rows[0].id;
}

async function plant(spec: Omit<RequestSpec, 'serviceId'> & { serviceId?: number }): Promise<string> {
  return plantRequest(t.db.pool, { serviceId: s.pothole, requestedAt: minutesAgo(600).toISOString(), ...spec });
}

const ids: Record<string, string> = {};
const oldAt = new Date(Date.now() - 3 * 86400000);
const exactAt = new Date('2026-01-10T10:00:00.400Z');
const takenAt = minutesAgo(50);

beforeAll(async () => {
  t = await createTestContext();
  s = await seedCatalogue(t.db.pool);
  handler = await createHandler(t.db.pool, 'handler', [], HANDLER_EMAIL);

  await plant({ publicId: '2026-900001' });
  ids.oldAnswer = await plantEvent('2026-900001', {
    kind: 'answered',
    at: oldAt,
    detailedStatus: 'RECEIVED',
    note: 'Kiitos, katsomme asiaa.',
  });
  ids.taken = await plantEvent('2026-900001', { kind: 'status_changed', at: takenAt, note: 'Otettu käsittelyyn.' });
  await plantEvent('2026-900001', {
    kind: 'note',
    at: minutesAgo(49),
    public: false,
    detailedStatus: null,
    note: INTERNAL,
  });
  await plantEvent('2026-900001', { kind: 'assigned', at: minutesAgo(49), public: false, detailedStatus: null });
  ids.answered = await plantEvent('2026-900001', {
    kind: 'answered',
    at: minutesAgo(40),
    note: 'Urakoitsija on tilattu.',
  });
  ids.fixed = await plantEvent('2026-900001', {
    kind: 'status_changed',
    at: minutesAgo(30),
    detailedStatus: 'PROCESSED',
    note: 'Korjattu.',
  });

  await plant({ publicId: '2026-900002' });
  ids.duplicate = await plantEvent('2026-900002', {
    kind: 'duplicate',
    at: minutesAgo(45),
    detailedStatus: 'PROCESSED',
    note: 'Sama kuin 2026-900001.',
  });
  ids.afterDuplicate = await plantEvent('2026-900002', {
    kind: 'answered',
    at: minutesAgo(35),
    detailedStatus: 'PROCESSED',
    note: 'Lisätieto.',
  });

  await plant({ publicId: '2026-900003' });
  ids.redirected = await plantEvent('2026-900003', {
    kind: 'redirected_external',
    at: minutesAgo(44),
    detailedStatus: 'REJECTED',
    note: 'Kuuluu Väylävirastolle.',
  });
  await plant({ publicId: '2026-900004' });
  ids.rejected = await plantEvent('2026-900004', {
    kind: 'status_changed',
    at: minutesAgo(43),
    detailedStatus: 'REJECTED',
  });
  ids.archived = await plantEvent('2026-900004', {
    kind: 'status_changed',
    at: minutesAgo(42),
    detailedStatus: 'ARCHIVED',
  });
  ids.reopened = await plantEvent('2026-900004', {
    kind: 'status_changed',
    at: minutesAgo(41),
    detailedStatus: 'RECEIVED',
    note: 'Avattu uudelleen.',
  });

  // Not public in four different ways: each has a public answer that must stay unseen.
  await plant({ publicId: '2026-900011', visibility: 'hidden' });
  await plant({ publicId: '2026-900012', visibility: 'pending' });
  await plant({ publicId: '2026-900013', consent: false });
  await plant({ publicId: '2026-900014', serviceId: s.health });
  for (const hidden of ['2026-900011', '2026-900012', '2026-900013', '2026-900014']) {
    await plantEvent(hidden, { kind: 'status_changed', at: minutesAgo(20), note: `Vastaus ${hidden}` });
  }

  await plant({ publicId: '2026-900021', requestedAt: '2026-01-09T08:00:00Z' });
  ids.exact = await plantEvent('2026-900021', { kind: 'answered', at: exactAt, note: 'Tasan kymmeneltä.' });
});
afterAll(() => t.close());

const updatesOf = async (query: string): Promise<Update[]> =>
  (await getBoth(t.api, PATH, query, OPERATION)).json as Update[];

describe('the mySociety updates feed', () => {
  it('when it is read without dates, then the last 24 hours of public updates of public requests come back oldest first with mySociety statuses', async () => {
    const updates = await updatesOf('');
    expect(
      updates.map((u) => [u.update_id, u.service_request_id, u.status, u.external_status_code, u.description]),
    ).toEqual([
      [ids.taken, '2026-900001', 'in_progress', 'IN_PROCESS', 'Otettu käsittelyyn.'],
      [ids.duplicate, '2026-900002', 'duplicate', 'PROCESSED', 'Sama kuin 2026-900001.'],
      [ids.redirected, '2026-900003', 'not_councils_responsibility', 'REJECTED', 'Kuuluu Väylävirastolle.'],
      [ids.rejected, '2026-900004', 'no_further_action', 'REJECTED', ''],
      [ids.archived, '2026-900004', 'closed', 'ARCHIVED', ''],
      [ids.reopened, '2026-900004', 'open', 'RECEIVED', 'Avattu uudelleen.'],
      [ids.answered, '2026-900001', 'in_progress', 'IN_PROCESS', 'Urakoitsija on tilattu.'],
      [ids.afterDuplicate, '2026-900002', 'duplicate', 'PROCESSED', 'Lisätieto.'],
      [ids.fixed, '2026-900001', 'closed', 'PROCESSED', 'Korjattu.'],
    ]);
    const taken = updates[0];
    expect(taken).toEqual({
      update_id: ids.taken,
      service_request_id: '2026-900001',
      status: 'in_progress',
      updated_datetime: w3c(takenAt),
      description: 'Otettu käsittelyyn.',
      media_url: '',
      external_status_code: 'IN_PROCESS',
    });
  });

  it('when the feed is read twice, then every update keeps its update_id, a string equal to the event id', async () => {
    const first = await updatesOf('');
    const second = await updatesOf('');
    expect(second.map((u) => u.update_id)).toEqual(first.map((u) => u.update_id));
    expect(first.every((u) => typeof u.update_id === 'string' && /^\d+$/.test(u.update_id))).toBe(true);
  });

  it('when requests have internal notes, handlers and receipts, then none of them is in the feed', async () => {
    for (const format of ['json', 'xml']) {
      const response = await t.api.get(`${PATH}.${format}?service_request_id=2026-900001,2026-900002`);
      expect(response.status).toBe(200);
      expect(response.text).not.toContain('SISÄINEN');
      expect(response.text).not.toContain(HANDLER_EMAIL);
      expect(response.text).not.toContain('katja');
      expect(response.text).not.toMatch(/handler|assigned|created/i);
    }
    const history = await updatesOf('service_request_id=2026-900001');
    expect(history.map((u) => u.update_id)).toEqual([ids.oldAnswer, ids.taken, ids.answered, ids.fixed]);
  });

  it.each([
    ['hidden', '2026-900011'],
    ['waiting for moderation', '2026-900012'],
    ['without publication consent', '2026-900013'],
    ['of a never-public service', '2026-900014'],
  ])('when a request is %s, then its public answers never appear, not even asked by id', async (_label, publicId) => {
    expect(await updatesOf(`service_request_id=${publicId}`)).toEqual([]);
    const all = await updatesOf('');
    expect(all.map((u) => u.service_request_id)).not.toContain(publicId);
  });

  it('when a public request is hidden later, then its updates leave the feed', async () => {
    await plant({ publicId: '2026-900031' });
    const id = await plantEvent('2026-900031', { kind: 'answered', at: minutesAgo(5), note: 'Pian poistettava.' });
    expect((await updatesOf('service_request_id=2026-900031')).map((u) => u.update_id)).toEqual([id]);
    await t.db.pool.query(`UPDATE service_request SET visibility = 'hidden' WHERE public_id = '2026-900031'`);
    expect(await updatesOf('service_request_id=2026-900031')).toEqual([]);
  });

  it('when a handler answers through recordEvent now, then the answer is in the default window', async () => {
    await plant({ publicId: '2026-900041' });
    const requestKey = await requestId('2026-900041');
    const eventId = await withTransaction(t.db.pool, (client) =>
      recordEvent(client, {
        requestId: requestKey,
        kind: 'answered',
        handlerId: handler.id,
        public: true,
        status: 'open',
        detailedStatus: 'RECEIVED',
        note: 'Vastaanotettu, kiitos.',
      }),
    );
    const updates = await updatesOf('');
    expect(updates.at(-1)).toMatchObject({ update_id: eventId, service_request_id: '2026-900041', status: 'open' });
  });
});

describe('the update-time window', () => {
  it.each([
    ['start_date=2026-01-10T10:00:00Z&end_date=2026-01-10T10:00:00Z', true],
    ['start_date=2026-01-10T12:00:00%2B02:00&end_date=2026-01-10T12:00:00%2B02:00', true],
    ['start_date=2026-01-10T09:00:00Z&end_date=2026-01-10T09:59:59Z', false],
    ['start_date=2026-01-10T10:00:01Z&end_date=2026-01-10T11:00:00Z', false],
    ['start_date=2026-01-10&end_date=2026-01-10', true],
    ['end_date=2026-01-10T10:30:00Z', true],
    ['end_date=2026-01-11T10:00:01Z', false],
    ['start_date=2026-01-10T10:00:00Z&end_date=2026-01-10T10:00:00.999Z', true],
  ])('when the window is %s, then the update of 10:00:00.4 is included: %s', async (query, included) => {
    const updates = await updatesOf(query);
    expect(updates.map((u) => u.update_id).includes(ids.exact)).toBe(included);
    if (included) expect(updates.find((u) => u.update_id === ids.exact)?.updated_datetime).toBe('2026-01-10T10:00:00Z');
  });

  it('when no dates are given, then an update three days old is outside the window; with start_date it is inside', async () => {
    expect((await updatesOf('')).map((u) => u.update_id)).not.toContain(ids.oldAnswer);
    const since = w3c(new Date(oldAt.getTime() - 60000));
    expect((await updatesOf(`start_date=${since}`)).map((u) => u.update_id)).toContain(ids.oldAnswer);
  });

  it('when dates and service_request_id are both given, then both filter', async () => {
    const query = `service_request_id=2026-900001&start_date=${w3c(minutesAgo(45))}&end_date=${w3c(minutesAgo(35))}`;
    expect((await updatesOf(query)).map((u) => u.update_id)).toEqual([ids.answered]);
  });

  it('when an api_key is sent, even a wrong one, then it is ignored', async () => {
    const withKey = await updatesOf('api_key=not-a-key');
    expect(withKey.map((u) => u.update_id)).toEqual((await updatesOf('')).map((u) => u.update_id));
  });
});

describe('paging', () => {
  it('when page_size is 4, then the headers count every update and the pages continue in order', async () => {
    const all = (await updatesOf('')).map((u) => u.update_id);
    const first = await getBoth(t.api, PATH, 'page_size=4', OPERATION);
    expect(first.headers['x-result-count']).toBe(String(all.length));
    expect(first.headers['x-page-count']).toBe(String(Math.ceil(all.length / 4)));
    expect(first.headers['x-next-page-url']).toMatch(/servicerequestupdates\.json\?page_size=4&page=2$/);
    const second = await getBoth(t.api, PATH, 'page_size=4&page=2', OPERATION);
    expect([...(first.json as Update[]), ...(second.json as Update[])].map((u) => u.update_id)).toEqual(
      all.slice(0, 8),
    );
  });
});

describe('errors', () => {
  it.each([
    ['start_date=yesterday', 400, 'start_date'],
    ['start_date=2026-01-10T10:00:00', 400, 'start_date'],
    ['end_date=2026-02-30', 400, 'end_date'],
    ['start_date=2026-01-10T10:00:00Z&end_date=2026-01-09T10:00:00Z', 400, 'before start_date'],
    ['start_date=2025-01-01&end_date=2025-06-01', 400, '90 days'],
    ['start_date=2025-01-01', 400, '90 days'],
    ['page_size=0', 400, 'page_size'],
    ['page=x', 400, 'page'],
    ['jurisdiction_id=nowhere.fi', 404, 'nowhere.fi'],
  ])('when the query is %s, then %i names the problem in JSON and XML', async (query, status, text) => {
    const json = await t.api.get(`${PATH}.json?${query}`);
    expect(json.status).toBe(status);
    expectValidResponse(OPERATION, status, 'json', json.body);
    expect(json.body).toEqual([{ code: status, description: expect.stringContaining(text) }]);
    const xml = await t.api.get(`${PATH}.xml?${query}`);
    expect(xml.status).toBe(status);
    expect(expectValidXmlResponse(OPERATION, status, xml.text)).toEqual(json.body);
  });
});
