import type { Pool, PoolClient } from 'pg';
import { HandlerCredentialEntity, type HandlerCredentialRecord } from '../../db/entities/handler-credential';
import { entityManager } from '../../db/orm';
import { w3cTime } from '../wire-format';

/** A bearer token as listed (AdminHandlerToken): its hash never leaves the database. */
export type TokenRow = {
  token_id: number;
  label: string;
  created_datetime: string;
  last_used_datetime: string | null;
  revoked_datetime: string | null;
};

const toWire = (credential: HandlerCredentialRecord): TokenRow => ({
  token_id: credential.id,
  label: credential.label,
  created_datetime: w3cTime(credential.createdAt),
  last_used_datetime: w3cTime(credential.lastUsedAt),
  revoked_datetime: w3cTime(credential.revokedAt),
});

/**
 * A handler's bearer tokens, newest first, revoked ones too. Only kind `token`: an OpenID
 * Connect identity (kind `oidc`) is not a secret the handler holds, so it is not listed here.
 */
export async function listTokens(db: Pool | PoolClient, handlerId: number): Promise<TokenRow[]> {
  const credentials = await entityManager(db).find(HandlerCredentialEntity, {
    select: { id: true, label: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    where: { handlerId, kind: 'token' },
    order: { createdAt: 'DESC', id: 'DESC' },
  });
  return credentials.map(toWire);
}

/**
 * Revokes one of the handler's tokens; from now on it is 401. Returns whether it was revoked by
 * this call (false: already revoked), or null when the handler has no such token.
 */
export async function revokeToken(client: PoolClient, handlerId: number, tokenId: number): Promise<boolean | null> {
  const manager = entityManager(client);
  const credential = await manager.findOne(HandlerCredentialEntity, {
    select: { id: true, revokedAt: true },
    where: { id: tokenId, handlerId, kind: 'token' },
    lock: { mode: 'pessimistic_write' },
  });
  if (credential === null) return null;
  if (credential.revokedAt !== null) return false;
  await manager.update(HandlerCredentialEntity, { id: tokenId }, { revokedAt: () => 'now()' });
  return true;
}
