import type { StoredPhoto } from '../../domain/stored-photo';

/**
 * Stored photos as the JSON that `jsonb_to_recordset` turns into `media` rows inside one
 * statement (a new request's insert, a submitter's added details).
 */
export function photoRows(photos: StoredPhoto[]): string {
  return JSON.stringify(
    photos.map((p) => ({
      public_id: p.publicId,
      position: p.position,
      bytes: p.bytes,
      width: p.width,
      height: p.height,
      storage_key: p.storageKey,
      thumbnail_key: p.thumbnailKey,
    })),
  );
}
