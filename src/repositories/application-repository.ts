import { randomBytes } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { ApplicationEntity } from '../db/entities/application';
import { entityManager } from '../db/orm';
import { hashSecret } from '../domain/secrets';

export const hashApiKey = hashSecret;

/**
 * The application behind an active key; `allowedOrigins` null for a server-side key,
 * `jurisdictionId` the city its requests go to (null: a key from before any city existed).
 */
export type ApiKeyHolder = { id: number; allowedOrigins: string[] | null; jurisdictionId: string | null };

/**
 * Every POST with an api_key asks this: one prepared statement on the pool, no ORM in between.
 * It brings the key's origins and city along, so neither costs a second query.
 */
export async function findApiKeyHolder(pool: Pool, key: string): Promise<ApiKeyHolder | null> {
  const result = await pool.query<ApiKeyHolder>({
    name: 'application-by-key',
    text: `SELECT id, allowed_origins AS "allowedOrigins", jurisdiction_id AS "jurisdictionId"
             FROM application WHERE key_hash = $1 AND revoked_at IS NULL`,
    values: [hashApiKey(key)],
  });
  return result.rows[0] ?? null;
}

/**
 * Every origin some active browser key allows, for the CORS preflight, which carries no key
 * (src/http/cors-policy.ts caches it briefly).
 */
export async function activeBrowserOrigins(pool: Pool): Promise<string[]> {
  const result = await pool.query<{ origin: string }>({
    name: 'active-browser-origins',
    text: `SELECT DISTINCT unnest(allowed_origins) AS origin FROM application
            WHERE revoked_at IS NULL AND allowed_origins IS NOT NULL`,
  });
  return result.rows.map((row) => row.origin);
}

/** Creates a client application and returns its new key; only the hash is stored. */
export async function createApplication(
  pool: Pool,
  name: string,
  allowedOrigins: string[] | null = null,
): Promise<string> {
  return (await insertApplication(pool, name, allowedOrigins)).key;
}

/**
 * Like createApplication, and also returns the application's id (to list and revoke it later).
 * `allowedOrigins` (normalised by src/domain/origins.ts) makes it a browser key; null a server-side one.
 * `jurisdictionId` is the key's city (docs/admin-api.md, "Roles"); null, a key bound to no city.
 */
export async function insertApplication(
  db: Pool | PoolClient,
  name: string,
  allowedOrigins: string[] | null = null,
  jurisdictionId: string | null = null,
): Promise<{ id: number; key: string }> {
  const key = randomBytes(32).toString('base64url');
  const application = await entityManager(db).save(ApplicationEntity, {
    name,
    keyHash: hashApiKey(key),
    allowedOrigins,
    jurisdictionId,
  });
  return { id: application.id, key };
}
