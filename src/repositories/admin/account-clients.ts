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
  /** A browser key's origins (docs/api.md, "Browser keys"); null for a server-side key. */
  allowed_origins: string[] | null;
  /** The key's city; null for a key bound to none (made before any city existed). */
  jurisdiction_id: string | null;
};

const toWire = (application: ApplicationRecord): ClientRow => ({
  client_id: application.id,
  name: application.name,
  created_datetime: w3cTime(application.createdAt),
  revoked_datetime: w3cTime(application.revokedAt),
  allowed_origins: application.allowedOrigins,
  jurisdiction_id: application.jurisdictionId,
});

const LISTED = {
  id: true,
  name: true,
  createdAt: true,
  revokedAt: true,
  allowedOrigins: true,
  jurisdictionId: true,
} as const;

/** Which clients a call may touch: one city's (a city admin's), or null, every client. */
const scoped = (id: number, jurisdictionId: string | null) =>
  jurisdictionId === null ? { id } : { id, jurisdictionId };

/** Every client application of a city (null: of every city, and those of none), newest first, revoked ones too. */
export async function listClients(db: Pool | PoolClient, jurisdictionId: string | null): Promise<ClientRow[]> {
  const applications = await entityManager(db).find(ApplicationEntity, {
    select: LISTED,
    where: jurisdictionId === null ? {} : { jurisdictionId },
    order: { createdAt: 'DESC', id: 'DESC' },
  });
  return applications.map(toWire);
}

/**
 * Revokes a client's API key: the next POST with it is 403 (the key is looked up on every
 * request, nothing caches it). Returns whether this call revoked it (false: already revoked),
 * or null when there is no such client within `jurisdictionId` (null: any city).
 */
export async function revokeClient(
  client: PoolClient,
  id: number,
  jurisdictionId: string | null,
): Promise<boolean | null> {
  const manager = entityManager(client);
  const application = await manager.findOne(ApplicationEntity, {
    select: { id: true, revokedAt: true },
    where: scoped(id, jurisdictionId),
    lock: { mode: 'pessimistic_write' },
  });
  if (application === null) return null;
  if (application.revokedAt !== null) return false;
  await manager.update(ApplicationEntity, { id }, { revokedAt: () => 'now()' });
  return true;
}

/** What PATCH /clients/{client_id} may change; origins already normalised (src/domain/origins.ts). */
export type ClientChanges = { name?: string; allowedOrigins?: string[] };

/**
 * Locks the client's row and returns it as it was before any change, or null when there is no
 * such client within `jurisdictionId` (null: any city); the caller decides, then calls
 * updateClient in the same transaction.
 */
export async function lockClient(
  client: PoolClient,
  id: number,
  jurisdictionId: string | null,
): Promise<ClientRow | null> {
  const application = await entityManager(client).findOne(ApplicationEntity, {
    select: LISTED,
    where: scoped(id, jurisdictionId),
    lock: { mode: 'pessimistic_write' },
  });
  return application === null ? null : toWire(application);
}

/**
 * Changes a client's name or origins. The next POST with its key sees new origins at once (the
 * key is looked up on every request); preflights within the origins cache's time
 * (src/http/cors-policy.ts).
 */
export async function updateClient(client: PoolClient, id: number, changes: ClientChanges): Promise<ClientRow> {
  const manager = entityManager(client);
  const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  if (Object.keys(set).length > 0) await manager.update(ApplicationEntity, { id }, set);
  return toWire(await manager.findOneOrFail(ApplicationEntity, { select: LISTED, where: { id } }));
}
