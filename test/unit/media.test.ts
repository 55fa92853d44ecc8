import exifr from 'exifr';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { MediaError } from '../../src/media/errors';
import { processUpload, THUMBNAIL_DIMENSION } from '../../src/media/image-processing';
import { localMediaStore } from '../../src/media/local-media-store';
import { isMediaId, newMediaId, storageKeys } from '../../src/media/media-keys';
import * as images from '../support/images';

const limits = { maxPixels: 50_000_000 };

async function pixelAt(jpeg: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [...data.subarray(at, at + 3)];
}

describe('processUpload', () => {
  it('when a JPEG carries EXIF with GPS, camera and XMP, then none of it survives', async () => {
    const input = await images.jpegWithGpsExif();
    expect(await exifr.gps(input)).toMatchObject({ latitude: expect.closeTo(60.17, 2) });
    expect(await exifr.parse(input)).toMatchObject({ Make: images.PRIVATE_MARKERS.make });

    const { full, thumbnail } = await processUpload(input, limits);

    for (const output of [full, thumbnail]) {
      expect(await exifr.gps(output)).toBeUndefined();
      expect(await exifr.parse(output, { tiff: true, xmp: true, icc: true, iptc: true })).toBeUndefined();
      const meta = await sharp(output).metadata();
      expect([meta.exif, meta.xmp, meta.icc, meta.iptc, meta.orientation]).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
      expect(output.includes('Exif\0\0')).toBe(false);
      expect(output.includes('http://ns.adobe.com/xap/1.0/')).toBe(false);
      expect(output.includes('ICC_PROFILE')).toBe(false);
      for (const marker of Object.values(images.PRIVATE_MARKERS)) expect(output.includes(marker)).toBe(false);
    }
  });

  it('when EXIF says orientation 6, then the 200×100 image comes out upright at 100×200', async () => {
    const result = await processUpload(await images.jpegWithGpsExif(), limits);

    expect([result.width, result.height]).toEqual([100, 200]);
    expect(await sharp(result.full).metadata()).toMatchObject({ width: 100, height: 200 });
    const [top, bottom] = [await pixelAt(result.full, 50, 30), await pixelAt(result.full, 50, 170)];
    expect(top[0]).toBeGreaterThan(180);
    expect(bottom[2]).toBeGreaterThan(180);
  });

  it('when the photo is large, then it is scaled to 2048 px and the thumbnail to 320 px on the long side', async () => {
    const result = await processUpload(await images.jpeg(4000, 3000), limits);

    expect(result).toMatchObject({ width: 2048, height: 1536, contentType: 'image/jpeg', bytes: result.full.length });
    expect(await sharp(result.thumbnail).metadata()).toMatchObject({
      format: 'jpeg',
      width: THUMBNAIL_DIMENSION,
      height: 240,
    });
  });

  it('when maxDimension is configured, then it replaces 2048', async () => {
    const result = await processUpload(await images.jpeg(3000, 4000), { ...limits, maxDimension: 1000 });

    expect([result.width, result.height]).toEqual([750, 1000]);
  });

  it('when the photo is small, then it is not enlarged', async () => {
    const result = await processUpload(await images.webp(120, 80), limits);

    expect([result.width, result.height]).toEqual([120, 80]);
    expect(await sharp(result.thumbnail).metadata()).toMatchObject({ width: 120, height: 80 });
  });

  it.each([
    ['PNG', () => images.png(600, 400)],
    ['WebP', () => images.webp(600, 400)],
  ])('when a %s is uploaded, then it is re-encoded as JPEG', async (_name, make) => {
    const result = await processUpload(await make(), limits);

    expect(await sharp(result.full).metadata()).toMatchObject({ format: 'jpeg', width: 600, height: 400 });
    expect(await sharp(result.thumbnail).metadata()).toMatchObject({ format: 'jpeg', width: 320 });
  });

  it('when a PNG has transparent pixels, then they become white, not black', async () => {
    const result = await processUpload(await images.png(600, 400), limits);

    expect(Math.min(...(await pixelAt(result.full, 10, 10)))).toBeGreaterThan(240);
  });

  it('when an AVIF is uploaded and this libvips reads HEIF, then it is accepted', async () => {
    if (!sharp.format.heif.input.buffer) return;
    const result = await processUpload(await images.avif(300, 200), limits);

    expect(await sharp(result.full).metadata()).toMatchObject({ format: 'jpeg', width: 300, height: 200 });
  });

  it('when a few-KB PNG claims 20000×20000 pixels, then it is refused, naming the limit, without decoding', async () => {
    const bomb = images.decompressionBomb();
    expect(bomb.length).toBeLessThan(100_000);

    const started = Date.now();
    await expect(processUpload(bomb, limits)).rejects.toThrow(
      new MediaError(
        'The photo is 20000×20000 pixels (400 megapixels), more than the limit of 50000000 pixels (50 megapixels)',
      ),
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it.each([
    ['text renamed .jpg', images.notAnImage],
    ['SVG', images.svg],
    ['PDF', images.pdf],
    ['empty file', () => Buffer.alloc(0)],
    ['GIF', () => images.unsupportedImage('gif')],
    ['TIFF', () => images.unsupportedImage('tiff')],
  ])('when a %s arrives (whatever its declared type), then it is refused by content', async (_name, make) => {
    await expect(processUpload(await make(), limits)).rejects.toThrow(
      new MediaError('The photo is not a supported image (JPEG, PNG or WebP)'),
    );
  });

  it('when a JPEG is truncated, then it is refused as damaged', async () => {
    const whole = await images.photoLikeJpeg(400, 300);

    await expect(processUpload(whole.subarray(0, whole.length / 2), limits)).rejects.toThrow(MediaError);
    await expect(processUpload(whole.subarray(0, 40), limits)).rejects.toThrow(/could not be decoded/);
  });
});

describe('media keys', () => {
  it('when ids are made, then they are 128-bit lowercase hex and unique', () => {
    const ids = new Set(Array.from({ length: 1000 }, newMediaId));

    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('when keys are derived, then they sit in a two-character folder', () => {
    const id = newMediaId();

    expect(storageKeys(id)).toEqual({
      full: `${id.slice(0, 2)}/${id}.jpg`,
      thumbnail: `${id.slice(0, 2)}/${id}-thumb.jpg`,
    });
  });

  it.each(['../etc/passwd', 'ABCDEF0123456789ABCDEF0123456789', '', 'abc'])(
    'when %j is not an id, then no key is made for it',
    (value) => {
      expect(isMediaId(value)).toBe(false);
      expect(() => storageKeys(value)).toThrow(/Not a media id/);
    },
  );
});

describe('localMediaStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'palaute311-media-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('when an object is put, then it reads back, leaves no temp file, and deletes idempotently', async () => {
    const store = localMediaStore(dir);
    const { full } = storageKeys(newMediaId());

    await store.put(full, Buffer.from('first'), 'image/jpeg');
    await store.put(full, Buffer.from('second'), 'image/jpeg');

    expect((await store.get(full))?.toString()).toBe('second');
    expect(await readdir(path.join(dir, path.dirname(full)))).toEqual([path.basename(full)]);
    await store.delete(full);
    await store.delete(full);
    expect(await store.get(full)).toBeNull();
  });

  it('when a key is missing, then get returns null', async () => {
    expect(await localMediaStore(dir).get('ab/nothing.jpg')).toBeNull();
  });

  it.each([
    '../escape.jpg',
    'ab/../../escape.jpg',
    '/etc/passwd',
    'ab/./x.jpg',
    'ab\\..\\x.jpg',
    'ab//x.jpg',
    'a b.jpg',
    'ab/x.jpg\0',
    '..',
    '',
  ])('when the key is %j, then every operation refuses it', async (key) => {
    const store = localMediaStore(dir);

    await expect(store.put(key, Buffer.from('x'), 'image/jpeg')).rejects.toThrow(/Unsafe media storage key/);
    await expect(store.get(key)).rejects.toThrow(/Unsafe media storage key/);
    await expect(store.delete(key)).rejects.toThrow(/Unsafe media storage key/);
    expect(await readdir(dir)).toEqual([]);
  });
});
