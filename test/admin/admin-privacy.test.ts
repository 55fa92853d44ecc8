import type { PoolClient } from 'pg';
import { EVENT_KINDS } from '../../src/domain/event-kinds';
import { recordEvent, type NewEvent } from '../../src/repositories/admin/events';
import { insertHandler, issueHandlerToken } from '../../src/repositories/handler-repository';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue } from '../support/catalogue';
import { createApiKey, daysAgo } from '../support/factories';
import { png } from '../support/images';
import { isObject, xmlToSpark } from '../support/openapi';

/**
 * Internal notes and handler identities never reach public output (docs/privacy-gate.md §3). Handlers with
 * distinctive names, e-mails and ids work requests through the admin API and the audit log
 * (notes, assignments, redirects, public answers, publication); then every public endpoint is
 * walked in every format and scanned for any trace of them. Keep adding endpoints here.
 */
const FIRST_HANDLER_ID = 8642091;
const HANDLER = { name: 'Salainen Käsittelijä', email: 'secret.handler@city.test' };
const SECOND = { name: 'Toinen Kätketty', email: 'second.hidden@city.test' };
const NOTE = 'INTERNAL-NOTE-Q7X2';
const DATA = 'EVENT-DATA-Q7X2';
const ORIGINAL = 'ORIGINAL-ONLY-Q7X2';
const PUBLIC_ANSWER = 'PUBLIC-ANSWER-Q7X2 korjataan viikolla';
const REDACTED = 'REDACTED-PUBLIC-Q7X2 kuoppa koulun kohdalla';
const SECRETS = [
  HANDLER.name,
  HANDLER.email,
  SECOND.name,
  SECOND.email,
  'Salainen',
  'Kätketty',
  'secret.handler',
  'second.hidden',
  String(FIRST_HANDLER_ID),
  String(FIRST_HANDLER_ID + 1),
  NOTE,
  DATA,
  ORIGINAL,
];
/** Keys that would carry a handler's identity or internal state if a presenter started leaking. */
const FORBIDDEN_KEYS = [
  'handler',
  'handler_id',
  'handler_name',
  'handler_email',
  'assignee',
  'assignee_id',
  'actor',
  'department_id',
  'internal',
  'data',
  'email',
];

let t: TestContext;
let ids: { published: string; redirected: string; batch: string; hidden: string };
let batchToken = '';
let photoId = '';

beforeAll(async () => {
  t = await createTestContext();
  await seedCatalogue(t.db.pool);
  const pool = t.db.pool;
  const streets = (await pool.query<{ id: number }>(`SELECT id FROM department WHERE code = 'streets'`)).rows[0].id;
  await pool.query(`SELECT setval('handler_id_seq', $1, false)`, [FIRST_HANDLER_ID]);
  const handlerId = await insertHandler(pool, { ...HANDLER, role: 'handler', departmentIds: [streets] });
  const secondId = await insertHandler(pool, { ...SECOND, role: 'admin' });
  expect([handlerId, secondId]).toEqual([FIRST_HANDLER_ID, FIRST_HANDLER_ID + 1]);
  const auth = { Authorization: `Bearer ${await issueHandlerToken(pool, handlerId, 'privacy')}` };
  const key = await createApiKey(pool);

  const post = async (serviceCode: string, description: string, photo: boolean) => {
    let request = t.api
      .post('/open311/v2/requests.json')
      .field('api_key', key)
      .field('service_code', serviceCode)
      .field('lat', '60.403')
      .field('long', '25.105')
      .field('title', `${ORIGINAL} otsikko`)
      .field('description', description);
    if (photo) request = request.attach('media', await png(40, 40), 'p.png');
    const response = await request;
    expect(response.status).toBe(200);
    return response.body[0] as { service_request_id?: string; token?: string };
  };
  const published = (await post('104', `${ORIGINAL} kuoppa, soita Matille`, true)).service_request_id as string;
  const redirected = (await post('102', `${ORIGINAL} katuvalo ELY:n tiellä`, false)).service_request_id as string;
  const hidden = (await post('104', `${ORIGINAL} piilotettava`, false)).service_request_id as string;
  batchToken = (await post('103', `${ORIGINAL} erä`, false)).token as string;
  const batch = (
    await pool.query(
      `SELECT public_id FROM service_request WHERE service_id = (SELECT id FROM service WHERE code = '103')`,
    )
  ).rows[0].public_id as string;
  ids = { published, redirected, batch, hidden };
  photoId = (
    await pool.query(
      `SELECT m.public_id FROM media m JOIN service_request r ON r.id = m.request_id WHERE r.public_id = $1`,
      [published],
    )
  ).rows[0].public_id;

  // Publication through the moderation routes, as the secret handler.
  const moderate = async (path: string, body: object) => {
    const response = await t.api.patch(`/admin/v1/requests/${path}`).set(auth).send(body);
    expect(response.status).toBe(200);
  };
  await moderate(`${published}/publication`, {
    visibility: 'public',
    title_public: null,
    description_public: REDACTED,
  });
  await moderate(`${published}/photos/${photoId}/publication`, { published: true });
  for (const id of [redirected, batch]) {
    await moderate(`${id}/publication`, {
      visibility: 'public',
      description_public: `Julkinen ${id}`,
      title_public: null,
    });
  }
  await moderate(`${hidden}/publication`, { visibility: 'hidden' });

  // The rest of the audit log straight into the events table (other areas' routes are tested there).
  const client = await pool.connect();
  try {
    await writeAuditLog(client, { published, redirected, hidden }, handlerId, secondId, streets);
  } finally {
    client.release();
  }
  SECRETS.push(`"service_request_id":"${hidden}"`, `<service_request_id>${hidden}</service_request_id>`);
});
afterAll(() => t.close());

async function writeAuditLog(
  client: PoolClient,
  requests: { published: string; redirected: string; hidden: string },
  handlerId: number,
  secondId: number,
  departmentId: number,
): Promise<void> {
  const internal = async (publicId: string, event: Omit<NewEvent, 'requestId' | 'public'>) => {
    const row = await client.query<{ id: string }>('SELECT id FROM service_request WHERE public_id = $1', [publicId]);
    return recordEvent(client, { ...event, requestId: row.rows[0].id, public: false });
  };
  const publicEvent = async (publicId: string, event: Omit<NewEvent, 'requestId' | 'public'>) => {
    const row = await client.query<{ id: string }>('SELECT id FROM service_request WHERE public_id = $1', [publicId]);
    return recordEvent(client, { ...event, requestId: row.rows[0].id, public: true });
  };
  for (const id of Object.values(requests)) {
    await internal(id, { kind: EVENT_KINDS.note, handlerId, note: `${NOTE} soitin ${HANDLER.email}` });
    await internal(id, {
      kind: EVENT_KINDS.assigned,
      handlerId: secondId,
      data: { assignee_id: handlerId, assignee_name: HANDLER.name, department_id: departmentId, reason: DATA },
    });
    await internal(id, {
      kind: EVENT_KINDS.redirectedInternal,
      handlerId,
      note: NOTE,
      data: { from_department_id: departmentId, to_department_id: departmentId, by: SECOND.email, reason: DATA },
    });
  }
  await client.query(`UPDATE service_request SET assignee_id = $1 WHERE public_id = ANY($2)`, [
    handlerId,
    Object.values(requests),
  ]);
  await publicEvent(requests.published, {
    kind: EVENT_KINDS.statusChanged,
    handlerId,
    status: 'open',
    detailedStatus: 'IN_PROCESS',
    note: PUBLIC_ANSWER,
    data: { from: 'RECEIVED', to: 'IN_PROCESS', handler_name: HANDLER.name, reason: DATA },
  });
  await client.query(
    `UPDATE service_request SET detailed_status = 'IN_PROCESS', status_notes = $2, updated_at = now() WHERE public_id = $1`,
    [requests.published, PUBLIC_ANSWER],
  );
  const authority = 'Uudenmaan ELY-keskus, kirjaamo.uusimaa@ely-keskus.fi';
  await publicEvent(requests.redirected, {
    kind: EVENT_KINDS.redirectedExternal,
    handlerId: secondId,
    status: 'closed',
    detailedStatus: 'REJECTED',
    note: `Ohjattu: ${authority}`,
    data: { authority, by: SECOND.name, reason: DATA },
  });
  await client.query(
    `UPDATE service_request SET status = 'closed', detailed_status = 'REJECTED', status_notes = $2,
            agency_responsible = 'Uudenmaan ELY-keskus', updated_at = now() WHERE public_id = $1`,
    [requests.redirected, `Ohjattu: ${authority}`],
  );
}

// ---------------------------------------------------------------- walking the public surface

type Walked = { path: string; status: number; text: string; parsed: unknown[] };

function openPaths(): string[] {
  const since = encodeURIComponent(daysAgo(10));
  const lists = [
    '',
    'extensions=true',
    'status=open,closed&extensions=true',
    'service_code=104&extensions=true',
    'service_code=101,103,104&extensions=true&locale=sv',
    `updated_after=${since}&extensions=true`,
    'bbox=25.0,60.3,25.2,60.5&extensions=true',
    'lat=60.403&long=25.105&radius=500&extensions=true',
    `service_request_id=${Object.values(ids).join(',')}&extensions=true`,
    'page_size=1&page=2&extensions=true',
  ];
  const paths = [
    '/open311/v2/discovery',
    '/open311/v2/services',
    '/open311/v2/services/101',
    '/open311/v2/services/104',
    '/open311/v2/services/103',
    `/open311/v2/tokens/${batchToken}`,
    '/open311/v2/similar?service_code=104&lat=60.403&long=25.105&description=kuoppa%20koulun%20kohdalla',
    '/open311/v2/similar?service_code=101&lat=60.403&long=25.105',
    '/open311/v2/my/requests',
    ...lists.map((query) => `/open311/v2/requests?${query}`),
  ];
  for (const id of Object.values(ids))
    paths.push(`/open311/v2/requests/${id}`, `/open311/v2/requests/${id}?extensions=true`);
  return paths;
}

function withFormat(path: string, format: string): string {
  const [base, query] = path.split('?');
  return `${base}.${format}${query === undefined ? '' : `?${query}`}`;
}

async function walk(path: string, parse: 'json' | 'xml' | 'none'): Promise<Walked> {
  const response = await t.api.get(path).buffer(true);
  expect({ path, status: response.status < 500 }).toEqual({ path, status: true });
  const body = Buffer.isBuffer(response.body) ? response.body.toString('latin1') : response.text;
  const text = `${JSON.stringify(response.headers)}\n${body}`;
  for (const secret of SECRETS) {
    if (text.includes(secret)) throw new Error(`${path} leaked "${secret}"`);
  }
  const parsed =
    parse === 'json' ? [JSON.parse(response.text)] : parse === 'xml' ? [xmlToSpark(response.text).value] : [];
  return { path, status: response.status, text: body, parsed };
}

/** Every `log` entry anywhere in a body: exactly time, status and note, never who wrote it. */
function checkStructure(path: string, node: unknown, logEntries: unknown[]): void {
  if (Array.isArray(node)) {
    for (const child of node) checkStructure(path, child, logEntries);
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (FORBIDDEN_KEYS.includes(key)) throw new Error(`${path} has a "${key}" field`);
    if (key === 'log' && Array.isArray(value)) {
      for (const entry of value) {
        if (!isObject(entry) || Object.keys(entry).sort().join() !== 'note,status,time') {
          throw new Error(`${path} has a log entry with ${JSON.stringify(entry)}`);
        }
        logEntries.push(entry);
      }
    }
    checkStructure(path, value, logEntries);
  }
}

const isRouteMissing = (response: { status: number; text: string }) =>
  response.status === 404 && response.text.includes('no such resource');

describe('handler identities and internal notes in public output', () => {
  it('when every public endpoint is walked in every format, then no handler, note or internal detail appears', async () => {
    const walked: Walked[] = [];
    for (const path of openPaths()) {
      for (const format of ['json', 'xml'] as const) walked.push(await walk(withFormat(path, format), format));
    }
    for (const path of ['/open311/v2/requests.geojson', '/open311/v2/requests.geojson?service_code=104']) {
      walked.push(await walk(path, 'json'));
    }
    for (const path of ['/feeds/requests.rss', '/feeds/requests.atom', '/feeds/requests.rss?service_code=104']) {
      walked.push(await walk(path, 'none'));
    }
    for (const path of [`/media/${photoId}.jpg`, `/media/${photoId}-thumb.jpg`, '/openapi.json', '/health']) {
      walked.push(await walk(path, 'none'));
    }
    // The request pages for people (docs/pages.md §3), in each language.
    for (const id of Object.values(ids)) {
      for (const lang of ['fi', 'sv', 'en']) walked.push(await walk(`/requests/${id}?lang=${lang}`, 'none'));
    }
    const logEntries: unknown[] = [];
    for (const page of walked) {
      if (page.status === 200) for (const body of page.parsed) checkStructure(page.path, body, logEntries);
    }
    // The walk must have seen the public work of those handlers, or it proves nothing.
    expect(walked.length).toBeGreaterThan(60);
    expect(walked.filter((page) => page.status === 200).length).toBeGreaterThan(50);
    expect(walked.some((page) => page.path.startsWith('/media/') && page.status === 200)).toBe(true);
    expect(walked.some((page) => page.path.startsWith('/feeds/') && page.text.includes('REDACTED-PUBLIC-Q7X2'))).toBe(
      true,
    );
    expect(walked.some((page) => page.path.includes('geojson') && page.text.includes('REDACTED-PUBLIC-Q7X2'))).toBe(
      true,
    );
    expect(logEntries).toEqual(expect.arrayContaining([expect.objectContaining({ note: PUBLIC_ANSWER })]));
    expect(logEntries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ note: expect.stringContaining('ELY-keskus'), status: 'REJECTED' }),
      ]),
    );
  });

  it('when a published request is read with extensions, then its log is the public history only', async () => {
    for (const format of ['json', 'xml'] as const) {
      const page = await walk(`/open311/v2/requests/${ids.published}.${format}?extensions=true`, format);
      const [request] = page.parsed[0] as { description: string; extended_attributes: { log: unknown[] } }[];
      expect(request.description).toBe(REDACTED);
      expect(request.extended_attributes.log).toEqual([
        { time: expect.any(String), status: 'RECEIVED', note: null },
        { time: expect.any(String), status: 'IN_PROCESS', note: PUBLIC_ANSWER },
      ]);
    }
  });

  it('when the public search is asked for handler names, notes or original text, then nothing matches', async () => {
    for (const term of ['Salainen', 'secret.handler', NOTE, DATA, ORIGINAL, 'Matille']) {
      for (const format of ['json', 'xml'] as const) {
        const page = await walk(`/open311/v2/requests.${format}?q=${encodeURIComponent(term)}`, format);
        expect({ term, status: page.status, found: page.parsed[0] }).toEqual({ term, status: 200, found: [] });
      }
    }
  });

  it('when the mySociety updates feed exists, then its entries carry no handler identity or internal note', async () => {
    const window = `start_date=${encodeURIComponent(daysAgo(10))}&end_date=${encodeURIComponent(daysAgo(-1))}`;
    const probe = await t.api.get('/open311/v2/servicerequestupdates.json');
    if (isRouteMissing(probe)) {
      // Skipped only while the route is not built: a 404 route-not-found.
      expect({ route: 'servicerequestupdates', body: probe.body }).toEqual({
        route: 'servicerequestupdates',
        body: [{ code: 404, description: 'no such resource: /open311/v2/servicerequestupdates.json' }],
      });
      return;
    }
    const pages: Walked[] = [];
    for (const query of ['', window, `${window}&jurisdiction_id=test.fi`]) {
      for (const format of ['json', 'xml'] as const) {
        pages.push(
          await walk(withFormat(`/open311/v2/servicerequestupdates${query ? `?${query}` : ''}`, format), format),
        );
      }
    }
    for (const page of pages)
      if (page.status === 200) for (const body of page.parsed) checkStructure(page.path, body, []);
    expect(pages.some((page) => page.status === 200 && page.text.includes('PUBLIC-ANSWER-Q7X2'))).toBe(true);
  });
});
