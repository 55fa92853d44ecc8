import type { Pool, PoolClient } from 'pg';
import { w3c } from '../public-scope';

/** A client application as listed (AdminClient): neither its API key nor the key's hash. */
export type ClientRow = {
  client_id: number;
  name: string;
  created_datetime: string;
  revoked_datetime: string | null;
};

const CLIENT_COLUMNS = `
  a.id AS client_id, a.name, ${w3c('a.created_at')} AS created_datetime, ${w3c('a.revoked_at')} AS revoked_datetime`;

/** Every client application, newest first, revoked ones too. */
export async function listClients(db: Pool | PoolClient): Promise<ClientRow[]> {
  const result = await db.query<ClientRow>(
    `SELECT ${CLIENT_COLUMNS} FROM application a ORDER BY a.created_at DESC, a.id DESC`,
  );
  return result.rows;
}

/**
 * Revokes a client's API key: the next POST with it is 403 (the key is looked up on every
 * request, nothing caches it). Returns whether this call revoked it (false: already revoked),
 * or null when there is no such client.
 */
export async function revokeClient(client: PoolClient, id: number): Promise<boolean | null> {
  const found = await client.query<{ revoked: boolean }>(
    'SELECT revoked_at IS NOT NULL AS revoked FROM application WHERE id = $1 FOR UPDATE',
    [id],
  );
  if (found.rows[0] === undefined) return null;
  if (found.rows[0].revoked) return false;
  await client.query('UPDATE application SET revoked_at = now() WHERE id = $1', [id]);
  return true;
}
