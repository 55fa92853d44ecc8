import type { PoolClient } from 'pg';

/**
 * Removes the nickname from public view (docs/publication.md §2), keeping it for the record.
 * updated_at moves, as the public request changes. Returns the nickname that was shown, or null
 * when there was none to remove (never given, or already removed).
 */
export async function removeNickname(client: PoolClient, requestId: string): Promise<string | null> {
  const result = await client.query<{ nickname: string }>(
    `UPDATE service_request SET nickname_removed_at = now(), updated_at = now()
      WHERE id = $1 AND nickname IS NOT NULL AND nickname_removed_at IS NULL
      RETURNING nickname`,
    [requestId],
  );
  return result.rows[0]?.nickname ?? null;
}
