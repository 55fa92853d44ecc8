import type { Pool } from 'pg';
import type { DetailedStatus } from '../../domain/detailed-status';

/** The time zone of statistics days, weeks and months: Finnish municipalities' working time. */
export const STATISTICS_TIME_ZONE = 'Europe/Helsinki';

/**
 * Which requests statistics and the CSV export cover. `departments` is the reader's scope
 * (null = every request, admins only); the other fields are the asked filters, already
 * checked against that scope and resolved to ids.
 */
export type RequestFilter = Readonly<{
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
  if (filter.departments !== null) conditions.push(`r.department_id = ANY(${bind(filter.departments)}::int[])`);
  if (filter.requestedFrom !== null) conditions.push(`r.requested_at >= ${bind(filter.requestedFrom)}`);
  if (filter.requestedTo !== null) conditions.push(`r.requested_at <= ${bind(filter.requestedTo)}`);
  if (filter.serviceIds !== null) conditions.push(`r.service_id = ANY(${bind(filter.serviceIds)}::int[])`);
  if (filter.departmentId !== null) conditions.push(`r.department_id = ${bind(filter.departmentId)}`);
  if (filter.detailedStatus !== null) conditions.push(`r.detailed_status = ${bind(filter.detailedStatus)}`);
  return conditions.length === 0 ? 'true' : conditions.join(' AND ');
}

/** Ids of the services with this code (one per municipality that has it); empty when none does. */
export async function findServiceIds(pool: Pool, code: string): Promise<number[]> {
  const { rows } = await pool.query<{ ids: number[] }>(
    `SELECT coalesce(array_agg(id ORDER BY id), '{}') AS ids FROM service WHERE code = $1`,
    [code],
  );
  return rows[0].ids;
}

export async function departmentExists(pool: Pool, id: number): Promise<boolean> {
  const { rows } = await pool.query<{ found: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM department WHERE id = $1) AS found',
    [id],
  );
  return rows[0].found;
}
