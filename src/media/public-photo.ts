import type { Pool } from 'pg';
import { findPublicPhoto } from '../repositories/public-media-repository';
import { isMediaId } from './media-keys';

const FILE = /^([0-9a-f]+)(-thumb)?\.jpg$/;

/** A public photo file: its storage key and the entity tag that names it (id, and `-thumb`). */
export type PublicPhotoFile = { key: string; etag: string };

/**
 * The stored file behind a public photo file name (`{id}.jpg` or `{id}-thumb.jpg`), only when the
 * photo passes the privacy gate and its own publish flag; null otherwise, exactly as for an
 * unknown photo.
 */
export async function publicPhotoFile(pool: Pool, file: string): Promise<PublicPhotoFile | null> {
  const match = FILE.exec(file);
  if (!match || !isMediaId(match[1])) return null;
  const photo = await findPublicPhoto(pool, match[1]);
  if (!photo) return null;
  const thumbnail = match[2] !== undefined;
  return { key: thumbnail ? photo.thumbnail : photo.full, etag: `${match[1]}${match[2] ?? ''}` };
}
