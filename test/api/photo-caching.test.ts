import type { TestContext } from '../support/context';
import { createSeededApi } from '../support/seeded-api';
import { png } from '../support/images';
import { MEDIA_STORES, startMediaStore, type TestMediaStore } from '../support/media-stores';

describe.each(MEDIA_STORES)('photos and shared caches, photos in the %s store', (kind) => {
  let t: TestContext;
  let key: string;
  let store: TestMediaStore;
  beforeAll(async () => {
    store = await startMediaStore(kind);
    ({ t, key } = await createSeededApi(store.env));
  });
  afterAll(async () => {
    await t.close();
    await store.close();
  });

  /** A public request (auto-published category 102) with one published photo: its public id. */
  async function publishedPhoto(): Promise<{ photo: string; request: string }> {
    const response = await t.api
      .post('/open311/v2/requests.json')
      .field('api_key', key)
      .field('service_code', '102')
      .field('lat', '60.404')
      .field('long', '25.104')
      .field('description', 'Rikkinäinen penkki puistossa, kuva liitteenä.')
      .attach('media', await png(40, 40), 'penkki.png');
    expect(response.status).toBe(200);
    const { rows } = await t.db.pool.query<{ photo: string; published: boolean }>(
      `SELECT m.public_id AS photo, m.published FROM media m JOIN service_request r ON r.id = m.request_id
        WHERE r.public_id = $1`,
      [response.body[0].service_request_id],
    );
    expect(rows[0].published).toBe(true);
    return { photo: rows[0].photo, request: response.body[0].service_request_id };
  }

  it('when a public photo is served, then caches must revalidate it each time and an unchanged one is a 304 without bytes', async () => {
    const { photo } = await publishedPhoto();
    for (const file of [`${photo}.jpg`, `${photo}-thumb.jpg`]) {
      const first = await t.api.get(`/media/${file}`).buffer(true);
      expect(first.status).toBe(200);
      expect(first.headers['cache-control']).toBe('public, no-cache');
      expect(first.headers.etag).toMatch(/^"[0-9a-f]+(-thumb)?"$/);
      const again = await t.api.get(`/media/${file}`).set('If-None-Match', first.headers.etag);
      expect(again.status).toBe(304);
      expect(again.headers.etag).toBe(first.headers.etag);
      expect(again.text ?? '').toBe('');
    }
  });

  it('when a handler hides a photo, then the next revalidation is a 404, not a 304', async () => {
    const { photo } = await publishedPhoto();
    const served = await t.api.get(`/media/${photo}.jpg`);
    expect(served.status).toBe(200);
    await t.db.pool.query(`UPDATE media SET published = false WHERE public_id = $1`, [photo]);
    const revalidated = await t.api.get(`/media/${photo}.jpg`).set('If-None-Match', served.headers.etag);
    expect(revalidated.status).toBe(404);
    expect(revalidated.headers.etag).toBeUndefined();
    expect(revalidated.headers['cache-control']).toBeUndefined();
    expect(revalidated.body).toEqual([{ code: 404, description: `no such photo: ${photo}.jpg` }]);
  });

  it('when the request itself is hidden, then its photo is a 404 on revalidation too', async () => {
    const { photo, request } = await publishedPhoto();
    const served = await t.api.get(`/media/${photo}-thumb.jpg`);
    await t.db.pool.query(`UPDATE service_request SET visibility = 'hidden' WHERE public_id = $1`, [request]);
    const revalidated = await t.api.get(`/media/${photo}-thumb.jpg`).set('If-None-Match', served.headers.etag);
    expect(revalidated.status).toBe(404);
  });
});
