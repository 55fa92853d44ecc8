import type { Pool, PoolClient } from 'pg';
import { forbidden, notFound } from '../http/errors';
import type { DetailedStatus } from '../repositories/public-scope';
import { canRead, canWork, type Principal } from './principal';

/** What every admin action needs to know about the request it touches. */
export type RequestRef = {
  id: string;
  publicId: string;
  serviceId: number;
  departmentId: number | null;
  assigneeId: number | null;
  status: 'open' | 'closed';
  detailedStatus: DetailedStatus;
  visibility: 'pending' | 'public' | 'hidden';
  locale: string;
};

/**
 * Finds a request by public id and checks the principal may read it (`read`) or work on it
 * (`work`): 404 when it does not exist, 403 when it belongs to another department or the
 * role only reads. In a transaction, pass `lock` to hold the row until commit.
 */
export async function loadRequestRef(
  db: Pool | PoolClient,
  publicId: string,
  principal: Principal,
  mode: 'read' | 'work',
  lock = false,
): Promise<RequestRef> {
  const result = await db.query<RequestRef>(
    `SELECT id, public_id AS "publicId", service_id AS "serviceId", department_id AS "departmentId",
            assignee_id AS "assigneeId", status, detailed_status AS "detailedStatus", visibility, locale
       FROM service_request WHERE public_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [publicId],
  );
  const ref = result.rows[0];
  if (ref === undefined) throw notFound(`service_request_id "${publicId}" not found`);
  if (!(mode === 'read' ? canRead : canWork)(principal, ref.departmentId)) {
    throw forbidden(
      principal.role === 'viewer' && mode === 'work'
        ? 'role "viewer" may only read'
        : `request ${publicId} belongs to a department you are not a member of`,
    );
  }
  return ref;
}
