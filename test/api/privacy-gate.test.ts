import { createApiKey, daysAgo, plantRequest } from '../support/factories';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue, type TestCatalogue } from '../support/catalogue';
import { png } from '../support/images';

/**
 * The privacy gate (docs/privacy-gate.md) proven by walking every public endpoint in both formats with
 * many filter combinations and scanning each response for planted secrets. Keep adding
 * endpoints here as they are built.
 */
const SECRETS = [
  'leak.email.7f3a@example.invalid',
  '+358407771234',
  'Leakfirstname',
  'Leaklastname',
  'acct-LEAK-1',
  'dev-LEAK-1',
  'NONCONSENT-MARKER',
  'HIDDEN-MARKER',
  'PENDING-MARKER',
  'NEVERPUBLIC-MARKER',
  'ORIGINAL-TEXT-MARKER',
  'INTERNAL-NOTE-MARKER',
  'HANDLER-IDENTITY-MARKER',
  '131052-308T',
  'POSTED-CONTACT-MARKER',
  // Non-public requests must never appear as a record (an error may echo the id that was asked for).
  ...['2026-000102', '2026-000103', '2026-000104', '2026-000105'].flatMap((id) => [
    `"service_request_id":"${id}"`,
    `<service_request_id>${id}</service_request_id>`,
  ]),
];

const contact = {
  email: 'leak.email.7f3a@example.invalid',
  phone: '+358407771234',
  firstName: 'Leakfirstname',
  lastName: 'Leaklastname',
  accountId: 'acct-LEAK-1',
  deviceId: 'dev-LEAK-1',
};

let t: TestContext;
let s: TestCatalogue;
let batchToken = '';
let unpublishedPhoto = '';
const photoPaths: string[] = [];

beforeAll(async () => {
  t = await createTestContext();
  s = await seedCatalogue(t.db.pool);
  const pool = t.db.pool;
  const at = { lat: 60.403, long: 25.105, requestedAt: daysAgo(3) };
  await plantRequest(pool, {
    ...at,
    ...contact,
    serviceId: s.pothole,
    publicId: '2026-000101',
    description: 'PUBLIC-VISIBLE kuoppa',
    title: 'PUBLIC-TITLE',
  });
  await plantRequest(pool, {
    ...at,
    ...contact,
    serviceId: s.pothole,
    publicId: '2026-000102',
    description: 'NONCONSENT-MARKER kuoppa',
    consent: false,
  });
  await plantRequest(pool, {
    ...at,
    ...contact,
    serviceId: s.pothole,
    publicId: '2026-000103',
    description: 'HIDDEN-MARKER kuoppa',
    visibility: 'hidden',
  });
  await plantRequest(pool, {
    ...at,
    ...contact,
    serviceId: s.premoderated,
    publicId: '2026-000104',
    description: 'PENDING-MARKER kuoppa',
    visibility: 'pending',
  });
  await plantRequest(pool, {
    ...at,
    ...contact,
    serviceId: s.health,
    publicId: '2026-000105',
    description: 'NEVERPUBLIC-MARKER hetu 131052-308T',
    visibility: 'public',
  });
  await pool.query(
    `UPDATE service_request SET description_original = 'ORIGINAL-TEXT-MARKER 131052-308T' WHERE public_id = '2026-000101'`,
  );
  await pool.query(`INSERT INTO request_event (request_id, kind, public, note, actor)
                    SELECT id, 'note', false, 'INTERNAL-NOTE-MARKER', 'HANDLER-IDENTITY-MARKER' FROM service_request WHERE public_id = '2026-000101'`);
  await pool.query(`INSERT INTO request_event (request_id, kind, public, status, detailed_status, note, actor)
                    SELECT id, 'status', true, 'open', 'IN_PROCESS', 'Julkinen vastaus', 'HANDLER-IDENTITY-MARKER' FROM service_request WHERE public_id = '2026-000101'`);
  const key = await createApiKey(pool);
  const posted = await t.api.post('/open311/v2/requests.json').type('form').send({
    api_key: key,
    service_code: '103',
    description: 'POSTED-CONTACT-MARKER ei julkinen',
    publication_consent: 'false',
    email: contact.email,
    phone: contact.phone,
    first_name: contact.firstName,
    last_name: contact.lastName,
    account_id: contact.accountId,
    device_id: contact.deviceId,
    lat: '60.403',
    long: '25.105',
  });
  batchToken = posted.body[0].token;
  const postWithPhoto = async (extra: Record<string, string>): Promise<{ requestId: string; photoId: string }> => {
    let request = t.api
      .post('/open311/v2/requests.json')
      .field('api_key', key)
      .field('service_code', '102')
      .field('lat', '60.403')
      .field('long', '25.105');
    for (const [name, value] of Object.entries(extra)) request = request.field(name, value);
    const response = await request.attach('media', await png(40, 40), 'photo.png');
    const requestId = response.body[0].service_request_id as string;
    const photo = await pool.query(
      'SELECT m.public_id FROM media m JOIN service_request r ON r.id = m.request_id WHERE r.public_id = $1',
      [requestId],
    );
    return { requestId, photoId: photo.rows[0].public_id };
  };
  // Screening held this one (identity code); a handler then publishes the text but not the photo.
  const screened = await postWithPhoto({ description: 'SCREENED-PUBLISHED hetu 131052-308T roskista' });
  unpublishedPhoto = screened.photoId;
  SECRETS.push(unpublishedPhoto);
  await pool.query(`UPDATE service_request SET visibility = 'public' WHERE public_id = $1`, [screened.requestId]);
  // A published photo of a request without consent must not be reachable either.
  const hiddenPhoto = (
    await postWithPhoto({ description: 'NONCONSENT-MARKER kuvan kanssa', publication_consent: 'false' })
  ).photoId;
  await pool.query('UPDATE media SET published = true WHERE public_id = $1', [hiddenPhoto]);
  SECRETS.push(hiddenPhoto);
  photoPaths.push(
    `/media/${unpublishedPhoto}.jpg`,
    `/media/${unpublishedPhoto}-thumb.jpg`,
    `/media/${hiddenPhoto}.jpg`,
    `/media/${hiddenPhoto}-thumb.jpg`,
  );
});
afterAll(() => t.close());

function publicPaths(): string[] {
  const listQueries = [
    '',
    'extensions=true',
    'status=open',
    'status=closed',
    'status=open,closed&extensions=true',
    'service_code=101',
    'service_code=900',
    'service_code=104',
    'service_code=103',
    'service_code=101,102,900,103,104,200,106',
    'bbox=25.0,60.3,25.2,60.5',
    'bbox=25.0,60.3,25.2,60.5&extensions=true',
    'lat=60.403&long=25.105&radius=500',
    'lat=60.403&long=25.105&radius=500&extensions=true',
    'search=kuoppa',
    'q=MARKER',
    'search=hetu',
    'q=ei julkinen',
    `start_date=${daysAgo(10).slice(0, 10)}&end_date=${daysAgo(-1).slice(0, 10)}`,
    `updated_after=${encodeURIComponent(daysAgo(10))}`,
    'page_size=1&page=2',
    'service_request_id=2026-000101,2026-000102,2026-000103,2026-000104,2026-000105,2026-000106',
    'service_request_id=2026-000105&extensions=true',
    'locale=sv&extensions=true',
    'jurisdiction_id=test.fi&extensions=1',
  ];
  const paths = [
    '/open311/v2/discovery',
    '/open311/v2/services',
    '/open311/v2/services/101',
    '/open311/v2/services/900',
    `/open311/v2/tokens/${batchToken}`,
    '/open311/v2/tokens/unknown-token',
    ...listQueries.map((q) => `/open311/v2/requests?${q}`),
  ];
  for (const id of ['2026-000101', '2026-000102', '2026-000103', '2026-000104', '2026-000105', '2026-000106']) {
    paths.push(`/open311/v2/requests/${id}`, `/open311/v2/requests/${id}?extensions=true`);
  }
  return paths;
}

function withFormat(path: string, format: string): string {
  const [base, query] = path.split('?');
  return `${base}.${format}${query === undefined ? '' : `?${query}`}`;
}

describe('the privacy gate', () => {
  it('when every public endpoint is walked in both formats, then no planted secret or non-public request appears', async () => {
    let sawPublic = false;
    let walked = 0;
    for (const path of publicPaths()) {
      for (const format of ['json', 'xml']) {
        const response = await t.api.get(withFormat(path, format));
        walked += 1;
        expect(response.status).toBeLessThan(500);
        const text = `${JSON.stringify(response.headers)}\n${response.text}`;
        for (const secret of SECRETS) {
          if (text.includes(secret)) throw new Error(`${withFormat(path, format)} leaked "${secret}"`);
        }
        sawPublic = sawPublic || text.includes('PUBLIC-VISIBLE');
      }
    }
    expect(walked).toBeGreaterThan(70);
    expect(sawPublic).toBe(true);
  });

  it('when the request pages for people are walked, then no planted secret or non-public request appears', async () => {
    // docs/pages.md §3: the HTML page of each request, public and not, in each language.
    const ids = ['2026-000101', '2026-000102', '2026-000103', '2026-000104', '2026-000105', '2026-000106'];
    let sawPublic = false;
    for (const id of ids) {
      for (const query of ['', '?lang=sv', '?lang=en', '?tracking_token=wrong']) {
        const response = await t.api.get(`/requests/${id}${query}`);
        expect(response.status).toBeLessThan(500);
        const text = `${JSON.stringify(response.headers)}\n${response.text}`;
        for (const secret of [...SECRETS, ...ids.slice(1).map((hidden) => `Palaute ${hidden}`)]) {
          if (text.includes(secret)) throw new Error(`/requests/${id}${query} leaked "${secret}"`);
        }
        sawPublic = sawPublic || text.includes('PUBLIC-VISIBLE');
      }
    }
    expect(sawPublic).toBe(true);
  });

  it('when a held request is published by a handler, then its text shows redacted and its unpublished photo nowhere', async () => {
    const list = await t.api.get('/open311/v2/requests.json?search=SCREENED-PUBLISHED&extensions=true');
    expect(list.body).toHaveLength(1);
    expect(list.body[0].description).toBe('SCREENED-PUBLISHED hetu [henkilötunnus poistettu] roskista');
    expect(list.body[0].media_url).toBeNull();
    expect(list.body[0].extended_attributes.media_urls).toEqual([]);
  });

  it('when unpublished photos or photos of non-public requests are asked for, then 404 and no image bytes', async () => {
    expect(photoPaths).toHaveLength(4);
    for (const path of photoPaths) {
      const response = await t.api.get(path);
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    }
  });

  it.each(['2026-000102', '2026-000103', '2026-000104', '2026-000105', '2026-000106'])(
    'when non-public request %s is fetched by id, then 404 in both formats',
    async (id) => {
      for (const format of ['json', 'xml']) {
        const response = await t.api.get(`/open311/v2/requests/${id}.${format}?extensions=true`);
        expect(response.status).toBe(404);
      }
    },
  );

  it('when the public request is read, then its public history shows without the handler or internal note', async () => {
    const response = await t.api.get('/open311/v2/requests/2026-000101.json?extensions=true');
    expect(response.body[0].extended_attributes.log.map((e: { note: string | null }) => e.note)).toEqual([
      null,
      'Julkinen vastaus',
    ]);
    expect(response.body[0].description).toBe('PUBLIC-VISIBLE kuoppa');
  });
});
