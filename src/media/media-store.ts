import type { Readable } from 'node:stream';

/** A stored object opened for reading: its bytes as a stream, and how many there are (null when the store did not say). */
export type StoredObject = { body: Readable; length: number | null };

/**
 * Where photo bytes live: a local folder (local-media-store.ts) or an S3-compatible bucket
 * (s3-media-store.ts), chosen by MEDIA_STORE (docs/media-storage.md) without touching callers.
 * Keys are relative, slash-separated, from `storageKeys()`; the database keeps the metadata,
 * and whether a photo may be shown is decided there, never by the store.
 */
export interface MediaStore {
  /** Stores (or replaces) the object; readers never see a half-written object. */
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** The object's bytes, or null when there is no such key. */
  get(key: string): Promise<Buffer | null>;
  /** The object as a stream for serving it, or null when there is no such key. */
  open(key: string): Promise<StoredObject | null>;
  /** Removes the object; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Throws, naming the problem, when the store cannot be used (checked once at start-up). */
  check(): Promise<void>;
}
