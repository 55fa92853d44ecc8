import type { Pool } from 'pg';

/** Resolves a batch token to its request id (GeoReport tokens, open311.md §1.9). */
export async function findByToken(pool: Pool, jurisdictionId: string, token: string): Promise<string | null> {
  const result = await pool.query<{ public_id: string }>(
    'SELECT public_id FROM service_request WHERE token = $1 AND jurisdiction_id = $2',
    [token, jurisdictionId],
  );
  return result.rows[0]?.public_id ?? null;
}
