import type { Pool, PoolClient } from 'pg';

type Queryable = Pool | PoolClient;

/**
 * Whether a city with this id exists, active or not: admin filters may name an inactive city,
 * whose requests, keys and handlers stay manageable (the catalogue cache is not asked, so a
 * city created a moment ago through another process counts too).
 */
export async function jurisdictionExists(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query<{ found: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM jurisdiction WHERE id = $1) AS found',
    [id],
  );
  return rows[0].found;
}

/** Every city id, in the order the cities were created. */
export async function jurisdictionIds(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM jurisdiction ORDER BY created_at, id');
  return rows.map((row) => row.id);
}
