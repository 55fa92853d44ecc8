import type { Pool, PoolClient } from 'pg';
import { forbidden, notFound } from './errors';
import { findRequestRef, type RequestRef } from '../repositories/admin/request-state';
import { canRead, canWork, inCity, type Principal } from './principal';

export type { RequestRef } from '../repositories/admin/request-state';

/**
 * Finds a request by public id and checks the principal may read it (`read`) or work on it
 * (`work`): 404 when it does not exist or belongs to another city (the same answer, so nothing
 * tells which ids another city has), 403 when it belongs to another department or the role
 * only reads. In a transaction, pass `lock` to hold the row until commit.
 */
export async function loadRequestRef(
  db: Pool | PoolClient,
  publicId: string,
  principal: Principal,
  mode: 'read' | 'work',
  lock = false,
): Promise<RequestRef> {
  const ref = await findRequestRef(db, publicId, lock);
  if (ref === null || !inCity(principal, ref.jurisdictionId)) {
    throw notFound(`service_request_id "${publicId}" not found`);
  }
  if (!(mode === 'read' ? canRead : canWork)(principal, ref.departmentId, ref.jurisdictionId)) {
    throw forbidden(
      principal.role === 'viewer' && mode === 'work'
        ? 'role "viewer" may only read'
        : `request ${publicId} belongs to a department you are not a member of`,
    );
  }
  return ref;
}
