import type { Pool } from 'pg';

/** The table of shared rate-limit counters (rate-limiter-flexible's PostgreSQL layout). */
export const RATE_LIMIT_TABLE = 'rate_limit';

/** Points used under `key` since the window's first hit; the window ends at `expire` (epoch ms). */
export type RateLimitHits = { key: string; points: number; expire: number };

/**
 * Adds many keys' points in one statement, with the rule of rate-limiter-flexible's own upsert:
 * a key whose window has ended (or that has none) starts over with these points and the given
 * `expire`; otherwise the points add up and the window stays. Returns every key's totals. The
 * rows are written in key order, so processes adding overlapping batches at once wait for each
 * other instead of deadlocking.
 */
export async function addRateLimitHits(pool: Pool, hits: RateLimitHits[], now: number): Promise<RateLimitHits[]> {
  if (hits.length === 0) return [];
  const result = await pool.query<{ key: string; points: number; expire: string }>(
    `INSERT INTO rate_limit AS r (key, points, expire)
       SELECT * FROM unnest($1::varchar[], $2::int[], $3::bigint[]) AS hit (key, points, expire) ORDER BY key
     ON CONFLICT (key) DO UPDATE SET
       points = CASE WHEN r.expire <= $4 THEN excluded.points ELSE r.points + excluded.points END,
       expire = CASE WHEN r.expire <= $4 THEN excluded.expire ELSE r.expire END
     RETURNING key, points, expire`,
    [hits.map((hit) => hit.key), hits.map((hit) => hit.points), hits.map((hit) => hit.expire), now],
  );
  return result.rows.map((row) => ({ key: row.key, points: row.points, expire: Number(row.expire) }));
}

/** Deletes the counters whose window ended before `before` (epoch ms); returns how many. */
export async function deleteExpiredRateLimits(pool: Pool, before: number): Promise<number> {
  const result = await pool.query(`DELETE FROM rate_limit WHERE expire < $1`, [before]);
  return result.rowCount ?? 0;
}
