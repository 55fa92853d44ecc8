import { createTestContext, type TestContext } from '../support/context';
import { createHandler } from '../support/admin';
import { seedCatalogue } from '../support/catalogue';
import { createApiKey } from '../support/factories';
import { jpeg, notAnImage, png } from '../support/images';
import { expectPageHeaders, parsePage, visibleText } from './page-helpers';

/**
 * Adding details with the tracking token (docs/pages.md §4): screened like a description, photos
 * through the POST's pipeline and publication rule, one transaction, 303 back to the own view.
 */
let t: TestContext;
let key = '';

beforeAll(async () => {
  t = await createTestContext();
  await seedCatalogue(t.db.pool);
  key = await createApiKey(t.db.pool);
});

afterAll(() => t.close());

/** `102` publishes at once (auto); `104` waits for a handler (pre). */
async function post(serviceCode: '102' | '104'): Promise<{ id: string; token: string }> {
  const response = await t.api.post('/open311/v2/requests.json').type('form').send({
    api_key: key,
    service_code: serviceCode,
    description: 'Roskakori on kaatunut puistossa.',
    lat: '60.40',
    long: '25.10',
    extensions: 'true',
  });
  return { id: response.body[0].service_request_id, token: response.body[0].extended_attributes.tracking_token };
}

const details = (id: string) => t.api.post(`/requests/${id}/details`);

async function rows(id: string) {
  const pool = t.db.pool;
  const events = await pool.query(
    `SELECT e.kind, e.public, e.status, e.detailed_status, e.note, e.data, e.actor FROM request_event e
       JOIN service_request r ON r.id = e.request_id WHERE r.public_id = $1 AND e.kind = 'resident_added_details'`,
    [id],
  );
  const media = await pool.query(
    `SELECT m.public_id, m.position, m.published FROM media m JOIN service_request r ON r.id = m.request_id
      WHERE r.public_id = $1 ORDER BY m.position`,
    [id],
  );
  return { events: events.rows, media: media.rows };
}

it('when the submitter adds text and a photo to a public request, then both are stored and public, and they are sent back', async () => {
  const { id, token } = await post('102');
  const response = await details(id)
    .field('tracking_token', token)
    .field('details', 'Kaatunut kori on nyt myös rikki.')
    .attach('media', await png(50, 40), 'kori.png');
  expect(response.status).toBe(303);
  expect(response.headers.location).toBe(`/requests/${id}?tracking_token=${token}&added=1`);
  expect(response.headers['cache-control']).toBe('private, no-store');
  const { events, media } = await rows(id);
  expect(events).toEqual([
    {
      kind: 'resident_added_details',
      public: true,
      status: 'open',
      detailed_status: 'RECEIVED',
      note: 'Kaatunut kori on nyt myös rikki.',
      data: { text: 'Kaatunut kori on nyt myös rikki.', screening_hits: [], photos: [media[0].public_id] },
      actor: 'resident',
    },
  ]);
  expect(media).toEqual([{ public_id: media[0].public_id, position: 1, published: true }]);

  const own = parsePage(await t.api.get(response.headers.location));
  expect(own.querySelector('[role=status]')?.textContent).toContain('Lisätiedot on tallennettu');
  expect(visibleText(own)).toContain('Lähettäjän lisätiedot');
  const json = (await t.api.get(`/open311/v2/requests/${id}.json?extensions=true`)).body[0];
  expect(json.extended_attributes.media_urls).toEqual([`http://palaute.test/media/${media[0].public_id}.jpg`]);
  expect(json.extended_attributes.log.map((e: { note: string | null }) => e.note)).toContain(
    'Kaatunut kori on nyt myös rikki.',
  );
  const page = parsePage(await t.api.get(`/requests/${id}`));
  expect(visibleText(page)).toContain('Lähettäjän lisätiedot Kaatunut kori on nyt myös rikki.');
  expect(page.querySelectorAll('.photos img')).toHaveLength(1);
  const updates = await t.api.get(`/open311/v2/servicerequestupdates.json?service_request_id=${id}`);
  expect(updates.body).toEqual([]);
});

it('when handlers read the request, then the added details are in its events with the resident as actor', async () => {
  const { id, token } = await post('102');
  await details(id).field('tracking_token', token).field('details', 'Lisätieto käsittelijälle.');
  const admin = await createHandler(t.db.pool, 'admin');
  const detail = await t.api.get(`/admin/v1/requests/${id}`).set(admin.auth);
  expect(detail.status).toBe(200);
  expect(detail.body.events).toContainEqual(
    expect.objectContaining({
      kind: 'resident_added_details',
      actor: 'resident',
      handler: null,
      data: { text: 'Lisätieto käsittelijälle.', screening_hits: [], photos: [] },
    }),
  );
});

it('when the text holds an identity code, then it is held and redacted publicly; the submitter still sees it', async () => {
  const { id, token } = await post('102');
  const response = await details(id)
    .field('tracking_token', token)
    .field('details', 'Soita minulle, hetu 131052-308T.')
    .attach('media', await jpeg(60, 40), 'kuva.jpg');
  expect(response.status).toBe(303);
  const { events, media } = await rows(id);
  expect(events[0]).toMatchObject({
    public: false,
    note: 'Soita minulle, hetu [henkilötunnus poistettu].',
    data: { text: 'Soita minulle, hetu 131052-308T.', screening_hits: ['personal_identity_code'] },
  });
  expect(media.map((m) => m.published)).toEqual([false]);
  const publicPage = await t.api.get(`/requests/${id}`);
  expect(publicPage.text).not.toContain('131052-308T');
  expect(publicPage.text).not.toContain('Soita minulle');
  const json = await t.api.get(`/open311/v2/requests/${id}.json?extensions=true`);
  expect(json.text).not.toContain('131052-308T');
  expect(json.body[0].extended_attributes.media_urls).toEqual([]);
  const own = await t.api.get(response.headers.location);
  expect(visibleText(parsePage(own))).toContain('Soita minulle, hetu 131052-308T.');
});

it('when the request waits for a handler, then the details and photos wait too', async () => {
  const { id, token } = await post('104');
  await details(id)
    .field('tracking_token', token)
    .field('details', 'Lisää tietoa odottavaan palautteeseen.')
    .attach('media', await png(20, 20), 'a.png');
  const { events, media } = await rows(id);
  expect(events[0]).toMatchObject({ public: false, note: 'Lisää tietoa odottavaan palautteeseen.' });
  expect(media.map((m) => m.published)).toEqual([false]);
});

it('when the request is closed, then nothing is added and the page says why', async () => {
  const { id, token } = await post('102');
  await t.db.pool.query(
    `UPDATE service_request SET status = 'closed', detailed_status = 'PROCESSED' WHERE public_id = $1`,
    [id],
  );
  const response = await details(id).field('tracking_token', token).field('details', 'Myöhästynyt lisätieto.');
  expect(response.status).toBe(409);
  expectPageHeaders(response);
  expect(visibleText(parsePage(response))).toContain('Palautteen käsittely on päättynyt');
  expect(await rows(id)).toEqual({ events: [], media: [] });
});

it('when the token is wrong or missing, then it is a 404 page and nothing is written', async () => {
  const { id } = await post('102');
  const other = await post('102');
  const unknown = await t.api.get('/requests/2026-999999');
  for (const request of [
    details(id).field('tracking_token', 'not-the-token').field('details', 'Yritys ilman oikeaa tokenia.'),
    details(id).field('tracking_token', other.token).field('details', 'Toisen pyynnön token.'),
    details(id).field('details', 'Ei tokenia lainkaan.'),
    details('2026-999999').field('tracking_token', other.token).field('details', 'Tuntematon tunnus.'),
  ]) {
    const response = await request;
    expect(response.status).toBe(404);
    expect(response.text).toBe(unknown.text);
  }
  expect(await rows(id)).toEqual({ events: [], media: [] });
});

it('when the form comes from another site, then it is refused with 403; our own origin and a null origin pass', async () => {
  const { id, token } = await post('102');
  const send = (headers: Record<string, string>) =>
    details(id).set(headers).type('form').send({ tracking_token: token, details: 'Lähetetty lomakkeelta.' });
  const refused: Record<string, string>[] = [
    { Origin: 'https://evil.example' },
    { Origin: 'http://palaute.test.evil.example' },
    { 'Sec-Fetch-Site': 'cross-site' },
    { 'Sec-Fetch-Site': 'same-site' },
  ];
  for (const headers of refused) {
    const response = await send(headers);
    expect(response.status).toBe(403);
    expectPageHeaders(response);
    expect(parsePage(response).querySelector('h1')?.textContent).toBe('Ei sallittu');
  }
  expect((await rows(id)).events).toHaveLength(0);
  const allowed: Record<string, string>[] = [
    { Origin: 'http://palaute.test', 'Sec-Fetch-Site': 'same-origin' },
    { Origin: 'null', 'Sec-Fetch-Site': 'same-origin' },
    {},
  ];
  for (const headers of allowed) {
    expect((await send(headers)).status).toBe(303);
  }
  expect((await rows(id)).events).toHaveLength(3);
});

it('when a photo is bad, then nothing at all is stored and the page names the photo', async () => {
  const { id, token } = await post('102');
  const before = (await t.db.pool.query('SELECT updated_at FROM service_request WHERE public_id = $1', [id])).rows[0];
  const response = await details(id)
    .field('tracking_token', token)
    .field('details', 'Kaksi kuvaa, toinen rikki.')
    .attach('media', await png(20, 20), 'hyva.png')
    .attach('media', notAnImage(), 'rikki.jpg');
  expect(response.status).toBe(400);
  expect(visibleText(parsePage(response))).toContain('media');
  expect(await rows(id)).toEqual({ events: [], media: [] });
  const after = (await t.db.pool.query('SELECT updated_at FROM service_request WHERE public_id = $1', [id])).rows[0];
  expect(after).toEqual(before);
});

it('when nothing or too much is sent, then it is a 400 page saying so in the reader’s language', async () => {
  const { id, token } = await post('102');
  const empty = await details(id).query({ lang: 'en' }).field('tracking_token', token).field('details', '   ');
  expect(empty.status).toBe(400);
  expect(visibleText(parsePage(empty))).toContain('Write some details or choose a photo.');
  const long = 'x'.repeat(t.config.descriptionMaxLength + 1);
  const tooLong = await details(id).type('form').send({ tracking_token: token, details: long });
  expect(tooLong.status).toBe(400);
  expect(visibleText(parsePage(tooLong))).toContain(`at most ${t.config.descriptionMaxLength} characters`);
  expect(await rows(id)).toEqual({ events: [], media: [] });
});

it('when the file input is left empty, then only the text is added', async () => {
  const { id, token } = await post('102');
  const response = await details(id)
    .field('tracking_token', token)
    .field('details', 'Pelkkä teksti, tyhjä kuvakenttä.')
    .attach('media', Buffer.alloc(0), { filename: '', contentType: 'application/octet-stream' });
  expect(response.status).toBe(303);
  const { events, media } = await rows(id);
  expect(events).toHaveLength(1);
  expect(media).toEqual([]);
});
