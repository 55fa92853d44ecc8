import { createHandler, type TestHandler } from '../support/admin';
import { seedCatalogue } from '../support/catalogue';
import { createTestContext, type TestContext } from '../support/context';
import { createApiKey } from '../support/factories';
import { png } from '../support/images';
import { MEDIA_STORES, startMediaStore, type TestMediaStore } from '../support/media-stores';

/**
 * The right to erasure (docs/retention.md) against planted secrets, in the pattern of
 * privacy-gate.test.ts: a resident's contact details, original text and an unpublished photo are
 * planted through the public POST and worked through the admin API; after the erasure none of
 * them is left anywhere in the database (every row of every table, read as text), in the media
 * store, or in any admin output, while the public record (redacted text, published photo,
 * status history) reads exactly as before. It runs with photos in the local folder and in an
 * S3 bucket (docs/media-storage.md).
 */
const contact = {
  email: 'Erase.Me.9c1d@example.invalid',
  phone: '+358401239876',
  first_name: 'Erasefirstname',
  last_name: 'Eraselastname',
  account_id: 'acct-ERASE-1',
  device_id: 'dev-ERASE-1',
};
const ORIGINAL = 'ORIGINAL-ERASE-MARKER';
const IDENTITY_CODE = '131052-308T';
const TITLE = 'TITLE-ERASE-MARKER';

describe.each(MEDIA_STORES)('erasure with photos in the %s store', (kind) => {
  let t: TestContext;
  let admin: TestHandler;
  let publicId = '';
  let trackingToken = '';
  let published = '';
  let unpublished = '';
  let unpublishedKeys: string[] = [];
  let publishedKeys: string[] = [];
  let secrets: string[] = [];
  let store: TestMediaStore;

  const adminGet = (path: string) => t.api.get(path).set(admin.auth);

  async function photoKeys(photoId: string): Promise<string[]> {
    const { rows } = await t.db.pool.query('SELECT storage_key, thumbnail_key FROM media WHERE public_id = $1', [
      photoId,
    ]);
    return [rows[0].storage_key, rows[0].thumbnail_key];
  }

  beforeAll(async () => {
    store = await startMediaStore(kind);
    t = await createTestContext(store.env);
    await seedCatalogue(t.db.pool);
    admin = await createHandler(t.db.pool, 'admin');
    const key = await createApiKey(t.db.pool);
    let post = t.api.post('/open311/v2/requests.json').field('api_key', key).field('service_code', '102');
    for (const [name, value] of Object.entries({
      ...contact,
      title: TITLE,
      description: `${ORIGINAL} roskia, hetu ${IDENTITY_CODE}`,
      lat: '60.403',
      long: '25.105',
      extensions: 'true',
    })) {
      post = post.field(name, value);
    }
    const posted = await post.attach('media', await png(40, 40), 'a.png').attach('media', await png(48, 32), 'b.png');
    expect(posted.status).toBe(200);
    publicId = posted.body[0].service_request_id;
    trackingToken = posted.body[0].extended_attributes.tracking_token;
    const photos = await t.db.pool.query(
      `SELECT m.public_id FROM media m JOIN service_request r ON r.id = m.request_id
        WHERE r.public_id = $1 ORDER BY m.position`,
      [publicId],
    );
    [published, unpublished] = photos.rows.map((row) => row.public_id);
    // Screening held it; a handler publishes an edited public text, one photo, and answers.
    const base = `/admin/v1/requests/${publicId}`;
    const publication = { visibility: 'public', title_public: 'Roskia', description_public: 'Roskia puistossa.' };
    expect((await t.api.patch(`${base}/publication`).set(admin.auth).send(publication)).status).toBe(200);
    expect(
      (await t.api.patch(`${base}/photos/${published}/publication`).set(admin.auth).send({ published: true })).status,
    ).toBe(200);
    const answered = await t.api
      .post(`${base}/status`)
      .set(admin.auth)
      .send({ detailed_status: 'PROCESSED', answer: 'Siivottu.' });
    expect(answered.status).toBe(200);
    await t.db.pool.query(`INSERT INTO sign_in_link (token_hash, email, expires_at) VALUES ('h1', lower($1), now())`, [
      contact.email,
    ]);
    await t.db.pool.query(
      `INSERT INTO resident_session (session_hash, email, expires_at) VALUES ('s1', lower($1), now())`,
      [contact.email],
    );
    unpublishedKeys = await photoKeys(unpublished);
    publishedKeys = await photoKeys(published);
    secrets = [
      ...Object.values(contact),
      contact.email.toLowerCase(),
      ORIGINAL,
      IDENTITY_CODE,
      TITLE,
      unpublished,
      ...unpublishedKeys,
      trackingToken,
    ];
  });
  afterAll(async () => {
    await t.close();
    await store.close();
  });

  /** Every row of every table of the schema as JSON text. */
  async function wholeDatabase(): Promise<string> {
    const tables = await t.db.pool.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const parts: string[] = [];
    for (const { name } of tables.rows) {
      const rows = await t.db.pool.query(`SELECT row_to_json(x)::text AS row FROM "${name}" x`);
      parts.push(...rows.rows.map((row) => `${name}: ${row.row}`));
    }
    return parts.join('\n');
  }

  const found = (text: string): string[] => secrets.filter((secret) => text.includes(secret));

  /** What the public sees of the request, in both formats and with the history. */
  async function publicRecord(): Promise<string[]> {
    const paths = [
      `/open311/v2/requests/${publicId}.json?extensions=true`,
      `/open311/v2/requests/${publicId}.xml?extensions=true`,
      `/open311/v2/requests.json?service_request_id=${publicId}&extensions=true`,
    ];
    const bodies = [];
    for (const path of paths) {
      const response = await t.api.get(path);
      expect(response.status).toBe(200);
      bodies.push(response.text);
    }
    return bodies;
  }

  /** Every admin output that could show the request, its mails or its photos; `{id}` and `{photo}` filled in. */
  const ADMIN_PATHS = [
    '/admin/v1/requests/{id}',
    '/admin/v1/requests',
    `/admin/v1/requests?q=${encodeURIComponent(ORIGINAL)}`,
    '/admin/v1/outbox',
    '/admin/v1/outbox?service_request_id={id}',
    '/admin/v1/requests.csv?include_contact=true',
    '/admin/v1/requests.csv',
    '/admin/v1/statistics?group_by=service',
    '/admin/v1/requests/{id}/photos/{photo}.jpg',
    '/admin/v1/requests/{id}/photos/{photo}-thumb.jpg',
  ];

  describe('erasure against planted secrets', () => {
    let before: string[] = [];

    it('when nothing is erased yet, then the planted secrets are in the database and the admin outputs', async () => {
      before = await publicRecord();
      expect(found(before.join('\n'))).toEqual([]);
      expect(found(await wholeDatabase())).toEqual(expect.arrayContaining([contact.email, ORIGINAL, unpublished]));
      const detail = await adminGet(`/admin/v1/requests/${publicId}`);
      expect(detail.body.contact.email).toBe(contact.email);
      expect(await t.media.get(unpublishedKeys[0])).not.toBeNull();
    });

    it('when an admin erases the request, then no planted secret is left in any row of any table', async () => {
      const response = await t.api
        .post(`/admin/v1/requests/${publicId}/erase`)
        .set(admin.auth)
        .send({ reason: 'Asukkaan pyyntö' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ already_erased: false, photos_deleted: 1 });
      expect(found(await wholeDatabase())).toEqual([]);
    });

    it('when erased, then the unpublished photo files are gone from the store and the published ones stay', async () => {
      for (const key of unpublishedKeys) expect(await t.media.get(key)).toBeNull();
      for (const key of publishedKeys) expect(await t.media.get(key)).not.toBeNull();
      // In a bucket, listed by a client of the test's own: the objects themselves are gone.
      const left = await store.s3?.keys();
      if (left)
        expect([
          unpublishedKeys.filter((key) => left.includes(key)),
          publishedKeys.filter((key) => left.includes(key)),
        ]).toEqual([[], publishedKeys]);
    });

    it.each(ADMIN_PATHS)('when erased, then %s shows no planted secret', async (template) => {
      const response = await adminGet(template.replace('{id}', publicId).replace('{photo}', unpublished));
      const photo = template.includes('{photo}');
      expect(response.status).toBe(photo ? 404 : 200);
      // A 404 names the photo file it was asked for: the caller's own words, not stored data.
      const shown = `${JSON.stringify(response.headers)}\n${response.text ?? ''}`;
      expect(found(photo ? shown.split(unpublished).join('') : shown)).toEqual([]);
    });

    it('when erased, then the public record reads exactly as before, its published photo included', async () => {
      expect(await publicRecord()).toEqual(before);
      const photo = await t.api.get(`/media/${published}.jpg`);
      expect(photo.status).toBe(200);
      expect((await t.api.get(`/media/${unpublished}.jpg`)).status).toBe(404);
    });

    it('when erased, then the tracking token opens nothing any more', async () => {
      const own = await t.api.get(`/open311/v2/requests/${publicId}.json?tracking_token=${trackingToken}`);
      expect(found(own.text)).toEqual([]);
      expect(own.text).not.toContain(ORIGINAL);
    });
  });
});
