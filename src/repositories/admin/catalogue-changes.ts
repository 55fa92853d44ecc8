import type { PoolClient } from 'pg';

export type CatalogueEventKind = 'service_created' | 'service_updated' | 'department_created' | 'department_updated';

/**
 * Starts a catalogue change inside the caller's transaction; call it before writing any row.
 * It takes the jurisdiction rows first, so two admins' changes cannot compute the same
 * changeset or both pass a uniqueness check (`NO KEY UPDATE` leaves foreign-key checks of new
 * requests unblocked). Then it moves discovery's `changeset` (open311.md §1.5): discovery shows
 * the latest of every jurisdiction's changeset and every service's `updated_at` in whole
 * seconds, and the new value is at least one second past that, so two changes within one
 * second still move it forward.
 */
export async function beginCatalogueChange(client: PoolClient, jurisdictionId: string): Promise<void> {
  await client.query('SELECT id FROM jurisdiction ORDER BY id FOR NO KEY UPDATE');
  await client.query(
    `UPDATE jurisdiction SET changeset = greatest(
       date_trunc('second', now()),
       date_trunc('second', greatest((SELECT max(changeset) FROM jurisdiction),
                                     (SELECT max(updated_at) FROM service))) + interval '1 second')
     WHERE id = $1`,
    [jurisdictionId],
  );
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
  await client.query(
    `INSERT INTO catalogue_event (handler_id, jurisdiction_id, kind, service_id, department_id, data)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      event.handlerId,
      event.jurisdictionId,
      event.kind,
      event.serviceId ?? null,
      event.departmentId ?? null,
      JSON.stringify(event.data),
    ],
  );
}
