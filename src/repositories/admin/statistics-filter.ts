import type { Pool } from 'pg';
import type { DetailedStatus } from '../../domain/detailed-status';

/** The time zone of statistics days, weeks and months: Finnish municipalities' working time. */
export const STATISTICS_TIME_ZONE = 'Europe/Helsinki';

/**
 * Which requests statistics and the CSV export cover. `jurisdictionId` and `departments` are
 * the reader's scope (null = every city, instance admins only; null = every department of it,
 * admins only); the other fields are the asked filters, already checked against that scope
 * and resolved to ids.
 */
export type RequestFilter = Readonly<{
  jurisdictionId: string | null;
  departments: readonly number[] | null;
  requestedFrom: Date | null;
  requestedTo: Date | null;
  serviceIds: readonly number[] | null;
  departmentId: number | null;
  detailedStatus: DetailedStatus | null;
}>;

/**
 * The WHERE conditions of `filter` on `service_request r`, appending their values to `params`
 * (positional placeholders continue from what is already there). Never empty: "true" at least.
 */
export function filterConditions(filter: RequestFilter, params: unknown[]): string {
  const conditions: string[] = [];
  const bind = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.jurisdictionId !== null) conditions.push(`r.jurisdiction_id = ${bind(filter.jurisdictionId)}`);
  if (filter.departments !== null) conditions.push(`r.department_id = ANY(${bind(filter.departments)}::int[])`);
  if (filter.requestedFrom !== null) conditions.push(`r.requested_at >= ${bind(filter.requestedFrom)}`);
  if (filter.requestedTo !== null) conditions.push(`r.requested_at <= ${bind(filter.requestedTo)}`);
  if (filter.serviceIds !== null) conditions.push(`r.service_id = ANY(${bind(filter.serviceIds)}::int[])`);
  if (filter.departmentId !== null) conditions.push(`r.department_id = ${bind(filter.departmentId)}`);
  if (filter.detailedStatus !== null) conditions.push(`r.detailed_status = ${bind(filter.detailedStatus)}`);
  return conditions.length === 0 ? 'true' : conditions.join(' AND ');
}

/**
 * Ids of the services with this code (one per municipality that has it), within one city when
 * `jurisdictionId` is given; empty when none does.
 */
export async function findServiceIds(pool: Pool, code: string, jurisdictionId: string | null): Promise<number[]> {
  const { rows } = await pool.query<{ ids: number[] }>(
    `SELECT coalesce(array_agg(id ORDER BY id), '{}') AS ids FROM service
      WHERE code = $1 AND ($2::text IS NULL OR jurisdiction_id = $2)`,
    [code, jurisdictionId],
  );
  return rows[0].ids;
}

/** The city of a department, or null when there is no such department. */
export async function departmentJurisdiction(pool: Pool, id: number): Promise<string | null> {
  const { rows } = await pool.query<{ jurisdiction_id: string }>(
    'SELECT jurisdiction_id FROM department WHERE id = $1',
    [id],
  );
  return rows[0]?.jurisdiction_id ?? null;
}
