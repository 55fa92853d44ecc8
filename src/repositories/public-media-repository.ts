import type { Pool } from 'pg';
import { PUBLIC_FROM, PUBLIC_WHERE } from './public-scope';

const PUBLIC_PHOTO = `SELECT m.storage_key, m.thumbnail_key FROM media m JOIN ${PUBLIC_FROM} ON r.id = m.request_id
                       WHERE m.public_id = $1 AND m.published AND ${PUBLIC_WHERE}`;

/**
 * Storage keys of a photo the public may see: published itself and belonging to a public
 * request (the privacy gate). Null otherwise, exactly as for an unknown photo.
 */
export async function findPublicPhoto(
  pool: Pool,
  publicId: string,
): Promise<{ full: string; thumbnail: string } | null> {
  const result = await pool.query<{ storage_key: string; thumbnail_key: string }>(PUBLIC_PHOTO, [publicId]);
  const row = result.rows[0];
  return row ? { full: row.storage_key, thumbnail: row.thumbnail_key } : null;
}
