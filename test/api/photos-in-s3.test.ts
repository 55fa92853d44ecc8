import { createHandler, type TestHandler } from '../support/admin';
import { createTestContext, type TestContext } from '../support/context';
import { png } from '../support/images';
import { startLocalS3, type LocalS3 } from '../support/s3-server';
import { createSeededApi } from '../support/seeded-api';

/**
 * Photos in an S3 bucket (MEDIA_STORE=s3, docs/media-storage.md) through the HTTP API of two
 * instances that share the database and the bucket, as behind a load balancer: a photo posted
 * through one is served by the other, with the same entity tag; hiding, showing again and erasing
 * it through either is seen by both, and erasure takes its objects out of the bucket.
 */
let s3: LocalS3;
let one: TestContext;
let other: TestContext;
let admin: TestHandler;
let key: string;
beforeAll(async () => {
  s3 = await startLocalS3();
  ({ t: one, key } = await createSeededApi(s3.env));
  other = await createTestContext(s3.env, { reset: false });
  admin = await createHandler(one.db.pool, 'admin');
});
afterAll(async () => {
  await one.close();
  await other.close();
  await s3.close();
});

type Posted = { request: string; photo: string; keys: string[] };

/** The POST of a request with one photo through `via`; category 102 publishes both at once. */
const photoPost = async (via: TestContext) =>
  via.api
    .post('/open311/v2/requests.json')
    .field('api_key', key)
    .field('service_code', '102')
    .field('lat', '60.404')
    .field('long', '25.104')
    .field('description', 'Kaatunut liikennemerkki risteyksessä, kuva liitteenä.')
    .attach('media', await png(64, 48), 'merkki.png');

/** A request with one photo posted through `via`, and where its photo is. */
async function postPhoto(via: TestContext): Promise<Posted> {
  const response = await photoPost(via);
  expect(response.status).toBe(200);
  const request = response.body[0].service_request_id as string;
  const { rows } = await one.db.pool.query(
    `SELECT m.public_id, m.storage_key, m.thumbnail_key FROM media m JOIN service_request r ON r.id = m.request_id
      WHERE r.public_id = $1`,
    [request],
  );
  return { request, photo: rows[0].public_id, keys: [rows[0].storage_key, rows[0].thumbnail_key] };
}

const photoPath = async (via: TestContext, request: string): Promise<string | null> => {
  const read = await via.api.get(`/open311/v2/requests/${request}.json`);
  expect(read.status).toBe(200);
  const url = read.body[0].media_url as string | null;
  return url === null ? null : new URL(url).pathname;
};

const setPublished = (via: TestContext, posted: Posted, published: boolean) =>
  via.api
    .patch(`/admin/v1/requests/${posted.request}/photos/${posted.photo}/publication`)
    .set(admin.auth)
    .send({ published });

describe('photos in an S3 bucket, two instances', () => {
  let posted: Posted;
  let bytes: Buffer;
  let etag: string;

  it('when a photo is posted through one instance, then its photo and thumbnail are objects in the bucket', async () => {
    posted = await postPhoto(one);
    expect(posted.keys[0]).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{32}\.jpg$/);
    expect(await s3.keys()).toEqual(expect.arrayContaining(posted.keys));
  });

  it('when the other instance serves it, then the bytes are the stored JPEG, with the same tag and 304s on both', async () => {
    const path = await photoPath(other, posted.request);
    expect(path).toBe(`/media/${posted.photo}.jpg`);
    const served = await other.api.get(path as string).buffer(true);
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(served.headers['cache-control']).toBe('public, no-cache');
    bytes = served.body as Buffer;
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(Number(served.headers['content-length'])).toBe(bytes.length);
    expect(bytes).toEqual(await one.media.get(posted.keys[0]));
    etag = served.headers.etag;
    for (const via of [one, other]) {
      const again = await via.api.get(path as string).set('If-None-Match', etag);
      expect([again.status, again.headers.etag, again.text ?? '']).toEqual([304, etag, '']);
    }
    const thumb = await one.api.get(`/media/${posted.photo}-thumb.jpg`).buffer(true);
    expect(thumb.status).toBe(200);
    expect(thumb.body).toEqual(await other.media.get(posted.keys[1]));
  });

  it('when a handler hides the photo through one instance, then the other answers 404, even to a revalidation', async () => {
    expect((await setPublished(one, posted, false)).status).toBe(200);
    const revalidated = await other.api.get(`/media/${posted.photo}.jpg`).set('If-None-Match', etag);
    expect(revalidated.status).toBe(404);
    expect(revalidated.body).toEqual([{ code: 404, description: `no such photo: ${posted.photo}.jpg` }]);
    expect(await photoPath(other, posted.request)).toBeNull();
    // Hidden is not deleted: the objects stay, and handlers still see the photo.
    expect(await s3.keys()).toEqual(expect.arrayContaining(posted.keys));
    const own = await other.api.get(`/admin/v1/requests/${posted.request}/photos/${posted.photo}.jpg`).set(admin.auth);
    expect([own.status, own.headers['cache-control']]).toEqual([200, 'private, no-store']);
    expect(own.body).toEqual(bytes);
  });

  it('when it is shown again through the other instance, then the first serves the same bytes', async () => {
    expect((await setPublished(other, posted, true)).status).toBe(200);
    const served = await one.api.get(`/media/${posted.photo}.jpg`).buffer(true);
    expect([served.status, served.headers.etag]).toEqual([200, etag]);
    expect(served.body).toEqual(bytes);
  });

  it('when the request is erased through one instance, then its hidden photo leaves the bucket and neither serves it', async () => {
    expect((await setPublished(one, posted, false)).status).toBe(200);
    const erased = await one.api
      .post(`/admin/v1/requests/${posted.request}/erase`)
      .set(admin.auth)
      .send({ reason: 'Asukkaan pyyntö' });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ already_erased: false, photos_deleted: 1 });
    const left = await s3.keys();
    for (const stored of posted.keys) expect(left).not.toContain(stored);
    for (const via of [one, other]) {
      expect((await via.api.get(`/media/${posted.photo}.jpg`)).status).toBe(404);
      const own = await via.api.get(`/admin/v1/requests/${posted.request}/photos/${posted.photo}.jpg`).set(admin.auth);
      expect(own.status).toBe(404);
    }
  });
});

describe('photos in an S3 bucket that cannot be reached', () => {
  let unreachable: TestContext;
  beforeAll(async () => {
    unreachable = await createTestContext({ ...s3.env, S3_ENDPOINT: 'http://127.0.0.1:1' }, { reset: false });
  });
  afterAll(() => unreachable.close());

  const requests = async () => Number((await one.db.pool.query('SELECT count(*) FROM service_request')).rows[0].count);

  it('when a photo is posted, then the POST fails and leaves no request behind', async () => {
    const before = await requests();
    const response = await photoPost(unreachable);
    expect(response.status).toBe(500);
    expect(response.body).toEqual([{ code: 500, description: 'internal error; it has been logged' }]);
    expect(await requests()).toBe(before);
  });

  it('when a public photo is asked, then a revalidation is still a 304 (no store read) and a full fetch a 500', async () => {
    const posted = await postPhoto(one);
    const etag = (await one.api.get(`/media/${posted.photo}.jpg`)).headers.etag;
    const revalidated = await unreachable.api.get(`/media/${posted.photo}.jpg`).set('If-None-Match', etag);
    expect([revalidated.status, revalidated.headers.etag]).toEqual([304, etag]);
    const fetched = await unreachable.api.get(`/media/${posted.photo}.jpg`);
    expect(fetched.status).toBe(500);
    expect([fetched.headers['cache-control'], fetched.headers.etag]).toEqual([undefined, undefined]);
  });

  it('when an erasure cannot delete the photo, then nothing is erased, and a retry through a working instance erases it', async () => {
    const posted = await postPhoto(one);
    expect((await setPublished(one, posted, false)).status).toBe(200);
    const erase = (via: TestContext) =>
      via.api.post(`/admin/v1/requests/${posted.request}/erase`).set(admin.auth).send({ reason: 'Asukkaan pyyntö' });

    expect((await erase(unreachable)).status).toBe(500);
    expect(await s3.keys()).toEqual(expect.arrayContaining(posted.keys));
    const { rows } = await one.db.pool.query('SELECT count(*) FROM media WHERE public_id = $1', [posted.photo]);
    expect(Number(rows[0].count)).toBe(1);

    const retried = await erase(other);
    expect(retried.body).toMatchObject({ already_erased: false, photos_deleted: 1 });
    const left = await s3.keys();
    for (const stored of posted.keys) expect(left).not.toContain(stored);
  });
});
