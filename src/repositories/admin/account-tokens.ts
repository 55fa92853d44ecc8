import type { Pool, PoolClient } from 'pg';
import { w3c } from '../public-scope';

/** A bearer token as listed (AdminHandlerToken): its hash never leaves the database. */
export type TokenRow = {
  token_id: number;
  label: string;
  created_datetime: string;
  last_used_datetime: string | null;
  revoked_datetime: string | null;
};

const TOKEN_COLUMNS = `
  c.id AS token_id, c.label, ${w3c('c.created_at')} AS created_datetime,
  ${w3c('c.last_used_at')} AS last_used_datetime, ${w3c('c.revoked_at')} AS revoked_datetime`;

/**
 * A handler's bearer tokens, newest first, revoked ones too. Only kind `token`: an OpenID
 * Connect identity (kind `oidc`) is not a secret the handler holds, so it is not listed here.
 */
export async function listTokens(db: Pool | PoolClient, handlerId: number): Promise<TokenRow[]> {
  const result = await db.query<TokenRow>(
    `SELECT ${TOKEN_COLUMNS} FROM handler_credential c
      WHERE c.handler_id = $1 AND c.kind = 'token' ORDER BY c.created_at DESC, c.id DESC`,
    [handlerId],
  );
  return result.rows;
}

/**
 * Revokes one of the handler's tokens; from now on it is 401. Returns whether it was revoked by
 * this call (false: already revoked), or null when the handler has no such token.
 */
export async function revokeToken(client: PoolClient, handlerId: number, tokenId: number): Promise<boolean | null> {
  const found = await client.query<{ revoked: boolean }>(
    `SELECT revoked_at IS NOT NULL AS revoked FROM handler_credential
      WHERE id = $1 AND handler_id = $2 AND kind = 'token' FOR UPDATE`,
    [tokenId, handlerId],
  );
  if (found.rows[0] === undefined) return null;
  if (found.rows[0].revoked) return false;
  await client.query('UPDATE handler_credential SET revoked_at = now() WHERE id = $1', [tokenId]);
  return true;
}
