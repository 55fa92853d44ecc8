import { Client } from 'pg';
import { createHandler, type TestHandler } from '../support/admin';
import { seedCatalogue, type TestCatalogue } from '../support/catalogue';
import { createTestContext, resetDatabase, type TestContext } from '../support/context';
import { createApiKey, plantRequest } from '../support/factories';
import { jpeg } from '../support/images';

/**
 * DATABASE_READ_URL (docs/scale-out.md, "Read replicas"): the public reads go to the replica's
 * pool, writes, admin reads and the submitter's own view to the primary.
 *
 * The "replica" here is a second database that lags for ever: it holds a request the primary
 * lacks and lacks the one posted through the app, so every answer shows which database it came
 * from. The real streaming replica is scripts/ci/multi-instance.sh. A read replica needs
 * DATABASE_URL, so this runs on PostgreSQL only; the embedded database has no replicas.
 */
const onPostgres = process.env.TEST_DATABASE_PGLITE === 'true' ? describe.skip : describe;

const ONLY_ON_REPLICA = '2026-900001';
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The template's server, through its maintenance database. */
async function onServer(work: (client: Client, template: string) => Promise<void>): Promise<void> {
  const url = new URL(process.env.TEST_TEMPLATE_DATABASE_URL as string);
  const template = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await work(client, template);
  } finally {
    await client.end();
  }
}

/** A migrated copy of the template named after this worker's database: the stale "replica". */
async function createReplicaDatabase(primaryUrl: string): Promise<string> {
  const url = new URL(primaryUrl);
  const name = `${decodeURIComponent(url.pathname.slice(1))}_read`;
  await onServer(async (client, template) => {
    await client.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quote(name)} TEMPLATE ${quote(template)}`);
  });
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

const dropDatabase = (url: string) =>
  onServer(async (client) => {
    const name = decodeURIComponent(new URL(url).pathname.slice(1));
    await client.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`);
  });

onPostgres('with DATABASE_READ_URL, public reads come from the replica', () => {
  let t: TestContext;
  let replicaUrl: string;
  let replica: Client;
  let s: TestCatalogue;
  let admin: TestHandler;
  let posted: { id: string; tracking: string };
  let batchToken: string;

  beforeAll(async () => {
    const primaryUrl = process.env.TEST_DATABASE_URL as string;
    replicaUrl = await createReplicaDatabase(primaryUrl);
    t = await createTestContext({ DATABASE_URL: primaryUrl, DATABASE_READ_URL: replicaUrl });
    replica = new Client({ connectionString: replicaUrl });
    await replica.connect();
    // The same catalogue on both (same ids: both start from empty sequences), as replication would have it.
    s = await seedCatalogue(t.db.pool);
    expect(await seedCatalogue(t.db.readPool)).toEqual(s);
    admin = await createHandler(t.db.pool, 'admin');
    const key = await createApiKey(t.db.pool);
    await plantRequest(t.db.readPool, {
      serviceId: s.litter,
      publicId: ONLY_ON_REPLICA,
      description: 'Roskia puiston penkin vieressä, vain replikassa.',
      lat: 60.4045,
      long: 25.105,
    });
    await replica.query(
      `INSERT INTO request_event (request_id, created_at, kind, public, status, detailed_status, note, actor)
       SELECT id, now(), 'status', true, 'open', 'IN_PROCESS', 'Työjonossa', 'handler'
         FROM service_request WHERE public_id = $1`,
      [ONLY_ON_REPLICA],
    );
    const response = await t.api.post('/open311/v2/requests.json?extensions=true').type('form').send({
      api_key: key,
      service_code: '102',
      lat: '60.4045',
      long: '25.105',
      description: 'Roskia puiston penkin vieressä, vain ensisijaisessa.',
    });
    expect(response.status).toBe(200);
    posted = { id: response.body[0].service_request_id, tracking: response.body[0].extended_attributes.tracking_token };
    const batch = await t.api.post('/open311/v2/requests.json').type('form').send({
      api_key: key,
      service_code: '103',
      lat: '60.4045',
      long: '25.105',
      description: 'Erätyönä käsiteltävä palaute, vain ensisijaisessa.',
    });
    expect(batch.status).toBe(200);
    batchToken = batch.body[0].token;
  }, 60000);

  afterAll(async () => {
    await replica?.end();
    await t?.close();
    if (replicaUrl) await dropDatabase(replicaUrl);
  });

  const ids = (body: { service_request_id: string }[]) => body.map((r) => r.service_request_id);

  it('when the public lists a city, then it sees the replica, not what was just posted to the primary', async () => {
    const list = await t.api.get('/open311/v2/requests.json?extensions=true');
    expect(list.status).toBe(200);
    expect(ids(list.body)).toEqual([ONLY_ON_REPLICA]);
    expect(list.headers['x-result-count']).toBe('1');
    // The public history comes from the replica too.
    const log: { status: string; note: string | null }[] = list.body[0].extended_attributes.log;
    expect(log).toContainEqual(expect.objectContaining({ status: 'IN_PROCESS', note: 'Työjonossa' }));
    const geojson = await t.api.get('/open311/v2/requests.geojson');
    expect(geojson.body.features.map((f: { id: string }) => f.id)).toEqual([ONLY_ON_REPLICA]);
    const rss = await t.api.get('/feeds/requests.rss');
    expect(rss.text).toContain(ONLY_ON_REPLICA);
    expect(rss.text).not.toContain(posted.id);
  });

  it('when the public reads by id, then a request only on the primary is a 404 and one on the replica shows', async () => {
    expect((await t.api.get(`/open311/v2/requests/${posted.id}.json`)).status).toBe(404);
    expect((await t.api.get(`/open311/v2/requests/${ONLY_ON_REPLICA}.json`)).status).toBe(200);
    expect((await t.api.get(`/requests/${posted.id}`)).status).toBe(404);
    expect((await t.api.get(`/requests/${ONLY_ON_REPLICA}`)).status).toBe(200);
  });

  it('when the public asks for a photo, then the replica says whether it is public', async () => {
    const response = await t.api
      .post('/open311/v2/requests.json')
      .field('api_key', await createApiKey(t.db.pool, 'photo client'))
      .field('service_code', '200')
      .field('description', 'Kuvan kanssa lähetetty palaute, vain ensisijaisessa.')
      .attach('media', await jpeg(120, 80), 'kuva.jpg');
    expect(response.status).toBe(200);
    const stored = await t.db.pool.query<{ public_id: string }>(
      'SELECT m.public_id FROM media m JOIN service_request r ON r.id = m.request_id WHERE r.public_id = $1',
      [response.body[0].service_request_id],
    );
    const publicId = stored.rows[0].public_id;
    const file = `/media/${publicId}.jpg`;
    expect((await t.api.get(file)).status).toBe(404);
    // Replication brings the photo's row over: the bytes are in the shared media store.
    const row = await t.db.pool.query('SELECT * FROM media WHERE public_id = $1', [publicId]);
    await replica.query(
      `INSERT INTO media (public_id, request_id, position, published, content_type, bytes, width, height,
         storage_key, thumbnail_key)
       SELECT $1, id, 1, true, $2, $3, $4, $5, $6, $7 FROM service_request WHERE public_id = $8`,
      [
        publicId,
        row.rows[0].content_type,
        row.rows[0].bytes,
        row.rows[0].width,
        row.rows[0].height,
        row.rows[0].storage_key,
        row.rows[0].thumbnail_key,
        ONLY_ON_REPLICA,
      ],
    );
    const photo = await t.api.get(file);
    expect(photo.status).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
  });

  it('when the public asks for similar requests and updates, then the replica answers', async () => {
    const near = `service_code=102&lat=60.4045&long=25.105&radius=300`;
    const similar = await t.api.get(`/open311/v2/similar.json?${near}`);
    expect(similar.status).toBe(200);
    expect(ids(similar.body)).toEqual([ONLY_ON_REPLICA]);
    const updates = await t.api.get('/open311/v2/servicerequestupdates.json');
    expect(updates.status).toBe(200);
    expect(new Set(ids(updates.body))).toEqual(new Set([ONLY_ON_REPLICA]));
  });

  it('when the submitter reads with the tracking token right after the POST, then the primary answers', async () => {
    const own = await t.api.get(`/open311/v2/requests/${posted.id}.json?tracking_token=${posted.tracking}`);
    expect(own.status).toBe(200);
    expect(ids(own.body)).toEqual([posted.id]);
    const page = await t.api.get(`/requests/${posted.id}?tracking_token=${posted.tracking}`);
    expect(page.status).toBe(200);
    const token = await t.api.get(`/open311/v2/tokens/${batchToken}.json`);
    expect(token.status).toBe(200);
    expect(token.body).toEqual([{ service_request_id: expect.any(String), token: batchToken }]);
  });

  it('when an admin reads, then the primary answers', async () => {
    const one = await t.api.get(`/admin/v1/requests/${posted.id}`).set(admin.auth);
    expect(one.status).toBe(200);
    expect((await t.api.get(`/admin/v1/requests/${ONLY_ON_REPLICA}`).set(admin.auth)).status).toBe(404);
  });

  it('when probed, then /ready asks both databases and /metrics shows both pools', async () => {
    expect((await t.api.get('/ready')).status).toBe(200);
    const metrics = await t.api.get('/metrics');
    expect(metrics.text).toMatch(/^palaute311_db_read_pool_max_connections \d+$/m);
    expect(metrics.text).toMatch(/^palaute311_db_pool_max_connections \d+$/m);
  });
});

onPostgres('with DATABASE_READ_URL on a replica that does not answer', () => {
  let t: TestContext;
  beforeAll(async () => {
    const primaryUrl = process.env.TEST_DATABASE_URL as string;
    // Port 9 (discard) on loopback: nothing listens there.
    const down = new URL(primaryUrl);
    down.port = '9';
    t = await createTestContext({ DATABASE_URL: primaryUrl, DATABASE_READ_URL: down.toString() });
    await resetDatabase(t.db);
    await seedCatalogue(t.db.pool);
  });
  afterAll(() => t.close());

  it('then /ready is 503 and public lists fail, while the catalogue and POSTs still work', async () => {
    expect((await t.api.get('/ready')).status).toBe(503);
    expect((await t.api.get('/open311/v2/requests.json')).status).toBeGreaterThanOrEqual(500);
    expect((await t.api.get('/open311/v2/services.json')).status).toBe(200);
    const key = await createApiKey(t.db.pool);
    const response = await t.api
      .post('/open311/v2/requests.json')
      .type('form')
      .send({ api_key: key, service_code: '200', description: 'Palaute kun replika ei vastaa.' });
    expect(response.status).toBe(200);
  });
});
