import type { Pool } from 'pg';
import { EVENT_KINDS } from '../../domain/event-kinds';
import { filterConditions, type RequestFilter } from './statistics-filter';

/** Erasures done in the period (docs/retention.md), the AdminStatisticsErasure shape. */
export type ErasureFigures = { erased_by_admin: number; contacts_erased_by_retention: number };

/**
 * How many of the filtered requests an admin erased, and how many had their contact details
 * erased by the retention setting, counted from their audit events with the period read as the
 * time of the erasure (not of receipt): an erasure belongs to the month it was done in. The
 * events are found through the small partial index `request_event_erasure`.
 */
export async function countErasures(pool: Pool, filter: RequestFilter): Promise<ErasureFigures> {
  const params: unknown[] = [EVENT_KINDS.erased, EVENT_KINDS.contactErased];
  const where = filterConditions({ ...filter, requestedFrom: null, requestedTo: null }, params);
  const period: string[] = [];
  if (filter.requestedFrom !== null) period.push(`AND e.created_at >= $${params.push(filter.requestedFrom)}`);
  if (filter.requestedTo !== null) period.push(`AND e.created_at <= $${params.push(filter.requestedTo)}`);
  const { rows } = await pool.query<ErasureFigures>(
    `SELECT count(*) FILTER (WHERE e.kind = $1)::int AS erased_by_admin,
            count(*) FILTER (WHERE e.kind = $2)::int AS contacts_erased_by_retention
       FROM request_event e JOIN service_request r ON r.id = e.request_id
      WHERE e.kind IN ('${EVENT_KINDS.erased}', '${EVENT_KINDS.contactErased}') ${period.join(' ')} AND ${where}`,
    params,
  );
  return rows[0];
}
