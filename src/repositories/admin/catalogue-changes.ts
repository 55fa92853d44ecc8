import type { PoolClient } from 'pg';
import { CatalogueEventEntity, type CatalogueEventRecord } from '../../db/entities/audit-events';
import { JurisdictionEntity } from '../../db/entities/jurisdiction';
import { CATALOGUE_CHANNEL } from '../../db/catalogue-listener';
import { entityManager } from '../../db/orm';

export type CatalogueEventKind = CatalogueEventRecord['kind'];

/** At least one second past the newest changeset or service change that discovery shows. */
const MOVE_CHANGESET = `
  UPDATE jurisdiction SET changeset = greatest(
    date_trunc('second', now()),
    date_trunc('second', greatest((SELECT max(changeset) FROM jurisdiction),
                                  (SELECT max(updated_at) FROM service))) + interval '1 second')
   WHERE id = $1`;

/**
 * Starts a catalogue change inside the caller's transaction; call it before writing any row.
 * It takes the jurisdiction rows first, so two admins' changes cannot compute the same
 * changeset or both pass a uniqueness check (`NO KEY UPDATE` leaves foreign-key checks of new
 * requests unblocked). Then it moves discovery's `changeset`: discovery shows the latest of
 * every jurisdiction's changeset and every service's `updated_at` in whole seconds, and the new
 * value is at least one second past that, so two changes within one second still move it forward.
 * Last, it notifies every instance's catalogue listener; PostgreSQL delivers that at commit and
 * drops it on rollback (docs/scale-out.md, "Caches across instances").
 */
export async function beginCatalogueChange(client: PoolClient, jurisdictionId: string): Promise<void> {
  const manager = entityManager(client);
  await manager
    .createQueryBuilder(JurisdictionEntity, 'j')
    .select('j.id')
    .orderBy('j.id')
    .setLock('for_no_key_update')
    .getMany();
  // Plain SQL: TypeORM would rewrite the column names inside a raw `set` expression.
  await manager.query(MOVE_CHANGESET, [jurisdictionId]);
  await manager.query('SELECT pg_notify($1, $2)', [CATALOGUE_CHANNEL, jurisdictionId]);
}

export type CatalogueEvent = {
  handlerId: number;
  jurisdictionId: string;
  kind: CatalogueEventKind;
  serviceId?: number;
  departmentId?: number;
  data: object;
};

/** The catalogue's audit log: who changed which service or department, and the body they sent. */
export async function recordCatalogueEvent(client: PoolClient, event: CatalogueEvent): Promise<void> {
  await entityManager(client).insert(CatalogueEventEntity, {
    handlerId: event.handlerId,
    jurisdictionId: event.jurisdictionId,
    kind: event.kind,
    serviceId: event.serviceId ?? null,
    departmentId: event.departmentId ?? null,
    data: event.data,
  });
}
