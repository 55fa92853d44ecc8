import { randomBytes } from 'node:crypto';

/** 128 random bits as lowercase hex: URL-safe, unguessable, and safe on case-insensitive disks. */
const MEDIA_ID = /^[0-9a-f]{32}$/;

/**
 * A new public id for a photo. It is the only handle the public gets, so it must not be
 * guessable (photos of hidden requests are never served, but ids must not leak order or count).
 */
export function newMediaId(): string {
  return randomBytes(16).toString('hex');
}

/** Whether a value (e.g. from a URL) has the shape of a media id, before it touches storage. */
export function isMediaId(value: string): boolean {
  return MEDIA_ID.test(value);
}

/**
 * Where a photo and its thumbnail live in a MediaStore. A two-character prefix folder keeps
 * any one directory small; the id is validated so a key can never be steered elsewhere.
 */
export function storageKeys(mediaId: string): { full: string; thumbnail: string } {
  if (!isMediaId(mediaId)) {
    throw new Error(`Not a media id: ${JSON.stringify(mediaId)}`);
  }
  const folder = mediaId.slice(0, 2);
  return { full: `${folder}/${mediaId}.jpg`, thumbnail: `${folder}/${mediaId}-thumb.jpg` };
}

/** Relative, slash-separated, from a small alphabet: no `..`, no leading `/`, no backslashes. */
const SAFE_KEY = /^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/;

/**
 * Refuses a storage key that could name something outside the store's own objects (a parent
 * folder, an absolute path, a `.` or `..` segment). Every store checks every key with it.
 */
export function assertSafeKey(key: string): void {
  const dotsOnly = key.split('/').some((segment) => /^\.+$/.test(segment));
  if (!SAFE_KEY.test(key) || dotsOnly) {
    throw new Error(`Unsafe media storage key: ${JSON.stringify(key)}`);
  }
}
