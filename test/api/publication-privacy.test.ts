import { createHandler, type TestHandler } from '../support/admin';
import { seedCatalogue } from '../support/catalogue';
import { createTestContext, type TestContext } from '../support/context';
import { createApiKey, daysAgo } from '../support/factories';

/**
 * The privacy gate (docs/privacy-gate.md) for what docs/publication.md adds: private answers
 * (alone and with a status change), nicknames that a handler removed, and nicknames of requests
 * that fail the rule (no consent, pending, hidden, never-public). Every public endpoint is walked
 * in every format it has, and the submitter's own view with the tracking token too, and each
 * response is scanned for the planted values. A shown nickname and a public answer must appear,
 * or the walk proves nothing. Keep adding endpoints here as they are built.
 */
const SHOWN = 'NICKSHOWNQ9';
const PUBLIC_ANSWER = 'PUBLIC-ANSWER-Q9 korjataan';
const SECRETS = [
  'PRIVATE-ANSWER-Q9A',
  'PRIVATE-STATUS-Q9B',
  'PRIVATE-CLOSE-Q9C',
  'NICKREMOVEDQ9',
  'NICKNOCONSENTQ9',
  'NICKPENDINGQ9',
  'NICKNEVERQ9',
  'NICKHIDDENQ9',
  'Piilonimi',
  'Salasuku',
  'resident.q9@example.invalid',
  'INTERNAL-REASON-Q9',
];

let t: TestContext;
let key: string;
let handler: TestHandler;
const ids: Record<string, string> = {};
let trackingToken = '';

async function post(serviceCode: string, fields: Record<string, string>): Promise<{ id: string; token: string }> {
  const response = await t.api
    .post('/open311/v2/requests.json?extensions=true')
    .type('form')
    .send({
      api_key: key,
      service_code: serviceCode,
      lat: '60.403',
      long: '25.105',
      description: 'Kuoppa koulun kohdalla julkaisutesti.',
      first_name: 'Piilonimi',
      last_name: 'Salasuku',
      email: 'resident.q9@example.invalid',
      ...fields,
    });
  expect(response.status).toBe(200);
  return { id: response.body[0].service_request_id, token: response.body[0].extended_attributes.tracking_token };
}

async function admin(method: 'post' | 'patch', path: string, body: object): Promise<void> {
  const response = await t.api[method](`/admin/v1/requests/${path}`).set(handler.auth).send(body);
  expect({ path, status: response.status }).toEqual({ path, status: 200 });
}

beforeAll(async () => {
  t = await createTestContext();
  await seedCatalogue(t.db.pool);
  key = await createApiKey(t.db.pool);
  handler = await createHandler(t.db.pool, 'admin');
  const shown = await post('102', { nickname: SHOWN });
  ids.shown = shown.id;
  trackingToken = shown.token;
  ids.removed = (await post('102', { nickname: 'NICKREMOVEDQ9' })).id;
  ids.noConsent = (await post('102', { nickname: 'NICKNOCONSENTQ9', publication_consent: 'false' })).id;
  ids.pending = (await post('104', { nickname: 'NICKPENDINGQ9' })).id;
  ids.never = (await post('900', { nickname: 'NICKNEVERQ9' })).id;
  ids.hidden = (await post('102', { nickname: 'NICKHIDDENQ9' })).id;
  await admin('post', `${ids.shown}/answer`, { answer: 'PRIVATE-ANSWER-Q9A soitamme', visibility: 'private' });
  await admin('post', `${ids.shown}/answer`, { answer: PUBLIC_ANSWER });
  await admin('post', `${ids.shown}/status`, {
    detailed_status: 'IN_PROCESS',
    answer: 'PRIVATE-STATUS-Q9B vain teille',
    visibility: 'private',
  });
  await admin('post', `${ids.removed}/status`, {
    detailed_status: 'PROCESSED',
    answer: 'PRIVATE-CLOSE-Q9C',
    visibility: 'private',
  });
  await admin('post', `${ids.removed}/nickname/remove`, { note: 'INTERNAL-REASON-Q9' });
  await admin('patch', `${ids.hidden}/publication`, { visibility: 'hidden' });
  for (const id of [ids.noConsent, ids.pending, ids.never, ids.hidden]) {
    await admin('post', `${id}/answer`, { answer: 'PRIVATE-ANSWER-Q9A muualla', visibility: 'private' });
  }
});
afterAll(() => t.close());

function openPaths(): string[] {
  const window = `start_date=${encodeURIComponent(daysAgo(1))}&end_date=${encodeURIComponent(daysAgo(-1))}`;
  const lists = [
    '',
    'extensions=true',
    'status=open,closed&extensions=true',
    'service_code=102&extensions=true',
    'service_code=101,102,104,900&extensions=true&locale=sv',
    `updated_after=${encodeURIComponent(daysAgo(1))}&extensions=true`,
    'bbox=25.0,60.3,25.2,60.5&extensions=true',
    'lat=60.403&long=25.105&radius=500&extensions=true',
    `service_request_id=${Object.values(ids).join(',')}&extensions=true`,
    'page_size=1&page=2&extensions=true',
    'q=PRIVATE&extensions=true',
    'q=NICK&extensions=true',
  ];
  const paths = [
    '/open311/v2/similar?service_code=102&lat=60.403&long=25.105&description=kuoppa%20koulun%20kohdalla',
    '/open311/v2/similar?service_code=102&lat=60.403&long=25.105&extensions=true',
    '/open311/v2/servicerequestupdates',
    `/open311/v2/servicerequestupdates?${window}`,
    ...lists.map((query) => `/open311/v2/requests?${query}`),
  ];
  for (const id of Object.values(ids)) {
    paths.push(`/open311/v2/requests/${id}`, `/open311/v2/requests/${id}?extensions=true`);
  }
  // The submitter's own view is not public, but private answers are e-mailed only (docs/publication.md §1).
  paths.push(`/open311/v2/requests/${ids.shown}?extensions=true&tracking_token=${trackingToken}`);
  return paths;
}

function withFormat(path: string, format: string): string {
  const [base, query] = path.split('?');
  return `${base}.${format}${query === undefined ? '' : `?${query}`}`;
}

async function scan(path: string): Promise<{ status: number; text: string }> {
  const response = await t.api.get(path);
  expect({ path, status: response.status < 500 }).toEqual({ path, status: true });
  const text = `${JSON.stringify(response.headers)}\n${response.text}`;
  for (const secret of SECRETS) {
    if (text.includes(secret)) throw new Error(`${path} leaked "${secret}"`);
  }
  return { status: response.status, text };
}

describe('the privacy gate for private answers and nicknames', () => {
  it('when every public endpoint is walked in every format, then no private answer or hidden nickname appears', async () => {
    const walked: { path: string; status: number; text: string }[] = [];
    for (const path of openPaths()) {
      for (const format of ['json', 'xml']) {
        const at = withFormat(path, format);
        walked.push({ path: at, ...(await scan(at)) });
      }
    }
    for (const path of [
      '/open311/v2/requests.geojson',
      '/open311/v2/requests.geojson?service_code=102,104,900',
      '/feeds/requests.rss',
      '/feeds/requests.atom',
      '/feeds/requests.rss?service_code=102',
    ]) {
      walked.push({ path, ...(await scan(path)) });
    }
    for (const id of Object.values(ids)) {
      for (const query of ['', '?lang=sv', '?lang=en']) {
        walked.push({ path: `/requests/${id}${query}`, ...(await scan(`/requests/${id}${query}`)) });
      }
    }
    walked.push({ path: 'own page', ...(await scan(`/requests/${ids.shown}?tracking_token=${trackingToken}`)) });
    expect(walked.length).toBeGreaterThan(70);
    expect(walked.filter((page) => page.status === 200).length).toBeGreaterThan(40);
    // The walk saw what is public: the shown nickname and the public answer, in both formats.
    expect(walked.some((page) => page.path.includes('.json') && page.text.includes(`"nickname":"${SHOWN}"`))).toBe(
      true,
    );
    expect(
      walked.some((page) => page.path.includes('.xml') && page.text.includes(`<nickname>${SHOWN}</nickname>`)),
    ).toBe(true);
    expect(
      walked.some((page) => page.path.includes('servicerequestupdates') && page.text.includes(PUBLIC_ANSWER)),
    ).toBe(true);
  });

  it('when the request with private answers is read, then its answer and history are the public ones only', async () => {
    const response = await t.api.get(`/open311/v2/requests/${ids.shown}.json?extensions=true`);
    const [request] = response.body;
    expect(request.status_notes).toBe(PUBLIC_ANSWER);
    expect(request.extended_attributes.log).toEqual([
      { time: expect.any(String), status: 'RECEIVED', note: null },
      { time: expect.any(String), status: 'RECEIVED', note: PUBLIC_ANSWER },
      { time: expect.any(String), status: 'IN_PROCESS', note: null },
    ]);
    const removed = await t.api.get(`/open311/v2/requests/${ids.removed}.json?extensions=true`);
    expect(removed.body[0].status_notes).toBeNull();
    expect(removed.body[0].extended_attributes).not.toHaveProperty('nickname');
  });

  it('when the resident left an address, then the private answers reached them by e-mail only', async () => {
    const mails = await t.db.pool.query<{ kind: string; body: string }>(
      `SELECT o.kind, o.body FROM outbox o JOIN service_request r ON r.id = o.request_id
        WHERE r.public_id = $1 AND o.kind <> 'acknowledgement' ORDER BY o.id`,
      [ids.shown],
    );
    expect(mails.rows.map((mail) => mail.kind)).toEqual(['answer', 'answer', 'status_changed']);
    expect(mails.rows[0].body).toContain('PRIVATE-ANSWER-Q9A');
    expect(mails.rows[2].body).toContain('PRIVATE-STATUS-Q9B');
    // The hidden nicknames were planted, so the walk had something to find.
    const stored = await t.db.pool.query<{ nickname: string }>('SELECT nickname FROM service_request ORDER BY id');
    expect(stored.rows.map((row) => row.nickname)).toEqual([
      SHOWN,
      'NICKREMOVEDQ9',
      'NICKNOCONSENTQ9',
      'NICKPENDINGQ9',
      'NICKNEVERQ9',
      'NICKHIDDENQ9',
    ]);
  });
});
