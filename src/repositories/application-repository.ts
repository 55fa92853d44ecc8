import { randomBytes } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { ApplicationEntity } from '../db/entities/application';
import { entityManager } from '../db/orm';
import { hashSecret } from '../domain/secrets';

export const hashApiKey = hashSecret;

/** Every POST with an api_key asks this: one prepared statement on the pool, no ORM in between. */
export async function findApplicationId(pool: Pool, key: string): Promise<number | null> {
  const result = await pool.query<{ id: number }>({
    name: 'application-by-key',
    text: 'SELECT id FROM application WHERE key_hash = $1 AND revoked_at IS NULL',
    values: [hashApiKey(key)],
  });
  return result.rows[0]?.id ?? null;
}

/** Creates a client application and returns its new key; only the hash is stored. */
export async function createApplication(pool: Pool, name: string): Promise<string> {
  return (await insertApplication(pool, name)).key;
}

/** Like createApplication, and also returns the application's id (to list and revoke it later). */
export async function insertApplication(db: Pool | PoolClient, name: string): Promise<{ id: number; key: string }> {
  const key = randomBytes(32).toString('base64url');
  const application = await entityManager(db).save(ApplicationEntity, { name, keyHash: hashApiKey(key) });
  return { id: application.id, key };
}
