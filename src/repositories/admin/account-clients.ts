import type { Pool, PoolClient } from 'pg';
import { ApplicationEntity, type ApplicationRecord } from '../../db/entities/application';
import { entityManager } from '../../db/orm';
import { w3cTime } from '../wire-format';

/** A client application as listed (AdminClient): neither its API key nor the key's hash. */
export type ClientRow = {
  client_id: number;
  name: string;
  created_datetime: string;
  revoked_datetime: string | null;
};

const toWire = (application: ApplicationRecord): ClientRow => ({
  client_id: application.id,
  name: application.name,
  created_datetime: w3cTime(application.createdAt),
  revoked_datetime: w3cTime(application.revokedAt),
});

/** Every client application, newest first, revoked ones too. */
export async function listClients(db: Pool | PoolClient): Promise<ClientRow[]> {
  const applications = await entityManager(db).find(ApplicationEntity, {
    select: { id: true, name: true, createdAt: true, revokedAt: true },
    order: { createdAt: 'DESC', id: 'DESC' },
  });
  return applications.map(toWire);
}

/**
 * Revokes a client's API key: the next POST with it is 403 (the key is looked up on every
 * request, nothing caches it). Returns whether this call revoked it (false: already revoked),
 * or null when there is no such client.
 */
export async function revokeClient(client: PoolClient, id: number): Promise<boolean | null> {
  const manager = entityManager(client);
  const application = await manager.findOne(ApplicationEntity, {
    select: { id: true, revokedAt: true },
    where: { id },
    lock: { mode: 'pessimistic_write' },
  });
  if (application === null) return null;
  if (application.revokedAt !== null) return false;
  await manager.update(ApplicationEntity, { id }, { revokedAt: () => 'now()' });
  return true;
}
