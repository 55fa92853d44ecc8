import type { PoolClient } from 'pg';

/** One photo of one request with its publish flag, locked until commit; null when not that request's. */
export async function lockRequestPhoto(
  client: PoolClient,
  requestId: string,
  photoId: string,
): Promise<{ id: string; published: boolean } | null> {
  const result = await client.query<{ id: string; published: boolean }>(
    `SELECT id, published FROM media WHERE public_id = $1 AND request_id = $2 FOR UPDATE`,
    [photoId, requestId],
  );
  return result.rows[0] ?? null;
}

/**
 * Sets a photo's publish flag and moves the request's `updated_at`: a public request's
 * `media_url` changes with it.
 */
export async function setPhotoPublished(
  client: PoolClient,
  requestId: string,
  mediaId: string,
  published: boolean,
): Promise<void> {
  await client.query(`UPDATE media SET published = $2 WHERE id = $1`, [mediaId, published]);
  await client.query(`UPDATE service_request SET updated_at = now() WHERE id = $1`, [requestId]);
}
