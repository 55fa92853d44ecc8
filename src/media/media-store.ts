/**
 * Where photo bytes live. Deliberately three methods so the local folder
 * (local-media-store.ts) can be swapped for an S3-compatible bucket without touching callers.
 * Keys are relative, slash-separated, from `storageKeys()`; the database keeps the metadata.
 */
export interface MediaStore {
  /** Stores (or replaces) the object; readers never see a half-written object. */
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** The object's bytes, or null when there is no such key. */
  get(key: string): Promise<Buffer | null>;
  /** Removes the object; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
}
