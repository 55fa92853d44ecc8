import { badRequest } from '../domain/errors';
import type { StoredPhoto } from '../domain/stored-photo';
import { MediaError } from './errors';
import type { ImageLimits, ProcessedImage } from './image-processing';
import { newMediaId, storageKeys } from './media-keys';
import type { MediaStore } from './media-store';
import type { PhotoQueue } from './photo-queue';
import type { Upload } from './upload';

export type { StoredPhoto } from '../domain/stored-photo';

/**
 * Verifies, re-encodes (EXIF and GPS stripped, auto-oriented) and stores every uploaded photo
 * with its thumbnail. Any unusable photo is a 400 naming its field; nothing stays stored then.
 * The photos are decoded one after another, in the process's photo queue.
 */
export async function storeUploads(
  store: MediaStore,
  uploads: Upload[],
  limits: ImageLimits,
  queue: PhotoQueue,
): Promise<StoredPhoto[]> {
  if (uploads.length === 0) return [];
  const processed = await queue.run(() => processAll(uploads, limits));
  const stored: StoredPhoto[] = [];
  try {
    for (const [index, image] of processed.entries()) {
      const publicId = newMediaId();
      const keys = storageKeys(publicId);
      await store.put(keys.full, image.full, image.contentType);
      await store.put(keys.thumbnail, image.thumbnail, image.contentType);
      stored.push({
        publicId,
        position: index + 1,
        bytes: image.bytes,
        width: image.width,
        height: image.height,
        storageKey: keys.full,
        thumbnailKey: keys.thumbnail,
      });
    }
  } catch (error) {
    await discardPhotos(store, stored);
    throw error;
  }
  return stored;
}

async function processAll(uploads: Upload[], limits: ImageLimits): Promise<ProcessedImage[]> {
  // sharp (libvips, ~20 MB resident) loads with the first photo, not with every process.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { processUpload } = require('./image-processing') as typeof import('./image-processing');
  const problems: string[] = [];
  const processed: ProcessedImage[] = [];
  for (const upload of uploads) {
    try {
      processed.push(await processUpload(upload.data, limits));
    } catch (error) {
      if (!(error instanceof MediaError)) throw error;
      problems.push(`${upload.field}: ${error.message}`);
    }
  }
  if (problems.length > 0) throw badRequest(...problems);
  return processed;
}

/** Removes stored files again when the request they belong to was not saved. */
export async function discardPhotos(store: MediaStore, photos: StoredPhoto[]): Promise<void> {
  await Promise.all(photos.flatMap((p) => [store.delete(p.storageKey), store.delete(p.thumbnailKey)]));
}
