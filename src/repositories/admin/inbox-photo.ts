import type { Pool } from 'pg';

/**
 * Storage keys of one photo of one request, published or not: for handlers who may read the
 * request (the caller checked). Null when the photo does not belong to that request.
 */
export async function findRequestPhoto(
  pool: Pool,
  requestId: string,
  photoId: string,
): Promise<{ full: string; thumbnail: string } | null> {
  const result = await pool.query<{ storage_key: string; thumbnail_key: string }>(
    `SELECT storage_key, thumbnail_key FROM media WHERE public_id = $1 AND request_id = $2`,
    [photoId, requestId],
  );
  const row = result.rows[0];
  return row ? { full: row.storage_key, thumbnail: row.thumbnail_key } : null;
}
