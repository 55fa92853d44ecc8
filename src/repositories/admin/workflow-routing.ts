import type { PoolClient } from 'pg';
import { DEPARTMENT_AGENCY } from './workflow-status';

export type DepartmentTarget = { id: number; agency: string };

/** A department of the request's own jurisdiction, with its public agency name; null if none. */
export async function findDepartmentFor(
  client: PoolClient,
  requestId: string,
  departmentId: number,
): Promise<DepartmentTarget | null> {
  const result = await client.query<DepartmentTarget>(
    `SELECT d.id, ${DEPARTMENT_AGENCY} AS agency
       FROM department d JOIN jurisdiction j ON j.id = d.jurisdiction_id
       JOIN service_request r ON r.jurisdiction_id = d.jurisdiction_id
      WHERE d.id = $1 AND r.id = $2`,
    [departmentId, requestId],
  );
  return result.rows[0] ?? null;
}

/** Whether a handler may hold requests of a department: active, not a viewer, a member. */
export async function isAssignable(client: PoolClient, handlerId: number, departmentId: number): Promise<boolean> {
  const result = await client.query(
    `SELECT 1 FROM handler h JOIN handler_department hd ON hd.handler_id = h.id
      WHERE h.id = $1 AND hd.department_id = $2 AND h.active AND h.role IN ('handler', 'admin')`,
    [handlerId, departmentId],
  );
  return result.rowCount === 1;
}

/**
 * Sets the responsible department and assignee. The department's name is the public
 * `agency_responsible`, so updated_at moves when that name changes.
 */
export async function route(
  client: PoolClient,
  requestId: string,
  department: DepartmentTarget | null,
  assigneeId: number | null,
): Promise<void> {
  await client.query(
    `UPDATE service_request
        SET department_id = coalesce($2, department_id), assignee_id = $3,
            agency_responsible = coalesce($4, agency_responsible),
            updated_at = CASE WHEN agency_responsible IS DISTINCT FROM coalesce($4, agency_responsible)
                              THEN now() ELSE updated_at END
      WHERE id = $1`,
    [requestId, department?.id ?? null, assigneeId, department?.agency ?? null],
  );
}

/**
 * Closes a request that belongs to another authority (docs/domain-model.md §7): REJECTED, the
 * authority as `agency_responsible` and the answer naming it as status_notes.
 */
export async function closeForAuthority(
  client: PoolClient,
  requestId: string,
  authorityName: string,
  answer: string,
): Promise<void> {
  await client.query(
    `UPDATE service_request
        SET status = 'closed', detailed_status = 'REJECTED', agency_responsible = $2, status_notes = $3,
            first_handled_at = coalesce(first_handled_at, now()), closed_at = now(), updated_at = now()
      WHERE id = $1`,
    [requestId, authorityName, answer],
  );
}
