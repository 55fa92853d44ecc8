import type { Pool } from 'pg';

/** From the public_media view (public-scope.ts): published photos of public requests only. */
const PUBLIC_PHOTO = `SELECT m.storage_key, m.thumbnail_key FROM public_media m WHERE m.public_id = $1`;

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
