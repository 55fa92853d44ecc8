import exifr from 'exifr';
import sharp from 'sharp';
import { createApiKey } from '../support/factories';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue } from '../support/catalogue';
import { decompressionBomb, jpegWithGpsExif, notAnImage, png, PRIVATE_MARKERS, webp } from '../support/images';
import { expectValidXmlResponse } from '../support/openapi';
import { MEDIA_STORES, startMediaStore, type TestMediaStore } from '../support/media-stores';

describe.each(MEDIA_STORES)('photos in the %s store', (kind) => {
  let t: TestContext;
  let key: string;
  let gpsJpeg: Buffer;
  let store: TestMediaStore;
  beforeAll(async () => {
    store = await startMediaStore(kind);
    t = await createTestContext(store.env);
    await seedCatalogue(t.db.pool);
    key = await createApiKey(t.db.pool);
    gpsJpeg = await jpegWithGpsExif();
  });
  afterAll(async () => {
    await t.close();
    await store.close();
  });

  const count = async (table: string) => Number((await t.db.pool.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

  function multipart(api = t.api, serviceCode = '102') {
    return api
      .post('/open311/v2/requests.json')
      .field('api_key', key)
      .field('service_code', serviceCode)
      .field('lat', '60.404')
      .field('long', '25.104')
      .field('description', 'Rikkinäinen penkki ja roskia, kuvat liitteenä.');
  }

  const pathOf = (url: string) => new URL(url).pathname;

  describe('photo uploads', () => {
    it('when photos come as media, media[] and photo1, then each is stored re-encoded and shown first in media_urls', async () => {
      const response = await multipart()
        .attach('media', gpsJpeg, 'IMG_0001.jpg')
        .attach('media[]', await png(300, 200), 'kuva.png')
        .attach('photo1', await webp(200, 300), 'photo1.webp')
        .field('media_url', 'https://photos.example/ext.jpg');
      expect(response.status).toBe(200);
      const id = response.body[0].service_request_id;
      const read = await t.api.get(`/open311/v2/requests/${id}.json?extensions=true`);
      const [request] = read.body;
      expect(request.extended_attributes.media_urls).toHaveLength(4);
      expect(request.media_url).toBe(request.extended_attributes.media_urls[0]);
      expect(request.extended_attributes.media_urls[0]).toMatch(/^http:\/\/palaute\.test\/media\/[0-9a-f]{32}\.jpg$/);
      expect(request.extended_attributes.media_urls[3]).toBe('https://photos.example/ext.jpg');
      const xml = expectValidXmlResponse(
        'getRequest',
        200,
        (await t.api.get(`/open311/v2/requests/${id}.xml?extensions=true`)).text,
      );
      expect(xml).toEqual(read.body);
    });

    it('when a JPEG with GPS EXIF is served back, then it has no EXIF, no GPS and no camera details, and a thumbnail exists', async () => {
      const response = await multipart().attach('media', gpsJpeg, 'gps.jpg');
      const [request] = (await t.api.get(`/open311/v2/requests/${response.body[0].service_request_id}.json`)).body;
      const served = await t.api.get(pathOf(request.media_url)).buffer(true);
      expect(served.status).toBe(200);
      expect(served.headers['content-type']).toBe('image/jpeg');
      const bytes = served.body as Buffer;
      expect(await exifr.gps(bytes)).toBeUndefined();
      expect(await exifr.parse(bytes)).toBeUndefined();
      expect(bytes.includes(Buffer.from('Exif\0\0'))).toBe(false);
      expect(bytes.includes(Buffer.from(PRIVATE_MARKERS.make))).toBe(false);
      const thumb = await t.api.get(pathOf(request.media_url).replace('.jpg', '-thumb.jpg')).buffer(true);
      expect(thumb.status).toBe(200);
      const size = await sharp(thumb.body as Buffer).metadata();
      expect(Math.max(size.width ?? 0, size.height ?? 0)).toBeLessThanOrEqual(320);
      expect(await exifr.gps(thumb.body as Buffer)).toBeUndefined();
    });

    it.each([
      [
        'text renamed .jpg',
        () => Promise.resolve(notAnImage()),
        'media: The photo is not a supported image (JPEG, PNG or WebP)',
      ],
      ['a decompression bomb', () => Promise.resolve(decompressionBomb()), 'media: The photo is 20000×20000 pixels'],
    ])('when the upload is %s, then 400 names it and nothing is stored', async (_label, make, message) => {
      const [requests, media] = [await count('service_request'), await count('media')];
      const objects = await store.s3?.keys();
      const response = await multipart().attach('media', await make(), 'photo.jpg');
      expect(response.status).toBe(400);
      expect(response.body).toEqual([{ code: 400, description: expect.stringContaining(message) }]);
      expect([await count('service_request'), await count('media')]).toEqual([requests, media]);
      expect(await store.s3?.keys()).toEqual(objects);
    });

    it('when there are more photos or bigger ones than allowed, then 400 says which limit', async () => {
      const strict = await createTestContext(
        { ...store.env, MEDIA_MAX_FILES: '1', MEDIA_MAX_BYTES: '20000' },
        { reset: false },
      );
      try {
        const tooMany = await multipart(strict.api)
          .attach('media', await png(10, 10), 'a.png')
          .attach('media', await png(10, 10), 'b.png');
        expect(tooMany.body).toEqual([{ code: 400, description: 'at most 1 photos per request' }]);
        const tooBig = await multipart(strict.api).attach(
          'media',
          gpsJpeg.length > 20000 ? gpsJpeg : Buffer.concat([gpsJpeg, Buffer.alloc(20001)]),
          'big.jpg',
        );
        expect(tooBig.body).toEqual([{ code: 400, description: 'photo in media exceeds 20000 bytes' }]);
      } finally {
        await strict.close();
      }
    });
  });

  describe('who sees photos', () => {
    async function photoOf(serviceCode: string, extra: Record<string, string> = {}) {
      let req = multipart(t.api, serviceCode).attach('media', await png(50, 50), 'p.png');
      for (const [name, value] of Object.entries(extra)) req = req.field(name, value);
      const response = await req;
      expect(response.status).toBe(200);
      const row = (
        await t.db.pool.query(
          `SELECT m.public_id, m.published, r.public_id AS request FROM media m JOIN service_request r ON r.id = m.request_id
          WHERE r.public_id = $1`,
          [response.body[0].service_request_id],
        )
      ).rows[0];
      return row as { public_id: string; published: boolean; request: string };
    }

    it('when the request is pre-moderated, then its photo waits unpublished and is not served until both are public', async () => {
      const photo = await photoOf('104');
      expect(photo.published).toBe(false);
      expect((await t.api.get(`/media/${photo.public_id}.jpg`)).status).toBe(404);
      await t.db.pool.query(`UPDATE service_request SET visibility = 'public' WHERE public_id = $1`, [photo.request]);
      expect((await t.api.get(`/media/${photo.public_id}.jpg`)).status).toBe(404);
      expect((await t.api.get(`/open311/v2/requests/${photo.request}.json`)).body[0].media_url).toBeNull();
      await t.db.pool.query(`UPDATE media SET published = true WHERE public_id = $1`, [photo.public_id]);
      expect((await t.api.get(`/media/${photo.public_id}.jpg`)).status).toBe(200);
    });

    it('when consent is withdrawn or the category is never public, then a published photo is still not served', async () => {
      const noConsent = await photoOf('102', { publication_consent: 'false' });
      expect((await t.api.get(`/media/${noConsent.public_id}.jpg`)).status).toBe(404);
      const health = await photoOf('900');
      await t.db.pool.query(`UPDATE media SET published = true WHERE public_id = $1`, [health.public_id]);
      await t.db.pool.query(`UPDATE service_request SET visibility = 'public' WHERE public_id = $1`, [health.request]);
      const response = await t.api.get(`/media/${health.public_id}-thumb.jpg`);
      expect(response.status).toBe(404);
      expect(response.body).toEqual([{ code: 404, description: `no such photo: ${health.public_id}-thumb.jpg` }]);
    });

    it.each(['nothing.jpg', '../../etc/passwd', 'ABCDEF.jpg', '0123.png'])(
      'when %s is asked, then 404',
      async (file) => {
        expect((await t.api.get(`/media/${encodeURIComponent(file)}`)).status).toBe(404);
      },
    );
  });
});
