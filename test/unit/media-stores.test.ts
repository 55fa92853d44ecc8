import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { configuredMediaStore } from '../../src/media/configured-media-store';
import { newMediaId, storageKeys } from '../../src/media/media-keys';
import type { MediaStore } from '../../src/media/media-store';
import { MEDIA_STORES, startMediaStore, type TestMediaStore } from '../support/media-stores';

async function readAll(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

/** What callers rely on, the same from the local folder and from an S3 bucket (docs/media-storage.md). */
describe.each(MEDIA_STORES)('the %s media store', (kind) => {
  let backing: TestMediaStore;
  let dir: string;
  let store: MediaStore;
  beforeAll(async () => {
    backing = await startMediaStore(kind);
  });
  afterAll(() => backing.close());
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'palaute311-media-'));
    store = configuredMediaStore(loadConfig({ MEDIA_DIR: dir, ...backing.env }));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('when an object is put twice, then the second reads back, whole and as a stream with its length', async () => {
    const { full } = storageKeys(newMediaId());
    await store.put(full, Buffer.from('first'), 'image/jpeg');
    await store.put(full, Buffer.from('second version'), 'image/jpeg');

    expect((await store.get(full))?.toString()).toBe('second version');
    const opened = await store.open(full);
    expect(opened?.length).toBe(14);
    expect(await readAll(opened?.body as Readable)).toBe('second version');
  });

  it('when an object is deleted, then it is gone, and deleting it again is no error', async () => {
    const { thumbnail } = storageKeys(newMediaId());
    await store.put(thumbnail, Buffer.from('x'), 'image/jpeg');
    await store.delete(thumbnail);
    await store.delete(thumbnail);

    expect(await store.get(thumbnail)).toBeNull();
    expect(await store.open(thumbnail)).toBeNull();
  });

  it('when a key was never stored, then get and open say null', async () => {
    expect(await store.get('ab/nothing.jpg')).toBeNull();
    expect(await store.open('ab/nothing.jpg')).toBeNull();
  });

  it.each(['../escape.jpg', 'ab/../../escape.jpg', '/etc/passwd', 'ab/./x.jpg', 'ab\\x.jpg', 'ab//x.jpg', '..', ''])(
    'when the key is %j, then every operation refuses it and nothing is stored',
    async (key) => {
      const unsafe = /Unsafe media storage key/;
      const before = await backing.s3?.keys();
      await expect(store.put(key, Buffer.from('x'), 'image/jpeg')).rejects.toThrow(unsafe);
      await expect(store.get(key)).rejects.toThrow(unsafe);
      await expect(store.open(key)).rejects.toThrow(unsafe);
      await expect(store.delete(key)).rejects.toThrow(unsafe);
      expect(await readdir(dir)).toEqual([]);
      expect(await backing.s3?.keys()).toEqual(before);
    },
  );

  it('when the store is usable, then the start-up check passes', async () => {
    await expect(store.check()).resolves.toBeUndefined();
  });
});

describe('the s3 media store, misconfigured', () => {
  let backing: TestMediaStore;
  beforeAll(async () => {
    backing = await startMediaStore('s3');
  });
  afterAll(() => backing.close());

  it('when the bucket does not exist, then the start-up check names it and reads are errors, not missing photos', async () => {
    const store = configuredMediaStore(loadConfig({ ...backing.env, S3_BUCKET: 'no-such-bucket' }));

    await expect(store.check()).rejects.toThrow(
      `S3 bucket "no-such-bucket" at ${backing.env.S3_ENDPOINT} cannot be used: NotFound, HTTP 404`,
    );
    await expect(store.get('ab/x.jpg')).rejects.toThrow(/bucket does not exist/);
  });

  it('when nothing listens at the endpoint, then the check fails naming the bucket and the endpoint', async () => {
    const store = configuredMediaStore(loadConfig({ ...backing.env, S3_ENDPOINT: 'http://127.0.0.1:1' }));

    await expect(store.check()).rejects.toThrow(
      /^S3 bucket "palaute311-test" at http:\/\/127\.0\.0\.1:1 cannot be used: /,
    );
  });
});
