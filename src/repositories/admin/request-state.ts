import type { Pool, PoolClient } from 'pg';
import type { DetailedStatus } from '../../domain/detailed-status';

/** What every admin action needs to know about the request it touches. */
export type RequestRef = {
  id: string;
  publicId: string;
  serviceId: number;
  jurisdictionId: string;
  departmentId: number | null;
  assigneeId: number | null;
  status: 'open' | 'closed';
  detailedStatus: DetailedStatus;
  visibility: 'pending' | 'public' | 'hidden';
  locale: string;
};

/** A request by public id, or null; in a transaction, `lock` holds the row until commit. */
export async function findRequestRef(
  db: Pool | PoolClient,
  publicId: string,
  lock = false,
): Promise<RequestRef | null> {
  const result = await db.query<RequestRef>(
    `SELECT id, public_id AS "publicId", service_id AS "serviceId",
            jurisdiction_id AS "jurisdictionId", department_id AS "departmentId",
            assignee_id AS "assigneeId", status, detailed_status AS "detailedStatus", visibility, locale
       FROM service_request WHERE public_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [publicId],
  );
  return result.rows[0] ?? null;
}

export type RequestState = {
  service_request_id: string;
  status: 'open' | 'closed';
  detailed_status: string;
  visibility: 'pending' | 'public' | 'hidden';
};

/** A request's state by row id, read in the caller's transaction. */
export async function readRequestState(client: PoolClient, requestId: string): Promise<RequestState> {
  const result = await client.query<RequestState>(
    `SELECT public_id AS service_request_id, status, detailed_status, visibility FROM service_request WHERE id = $1`,
    [requestId],
  );
  return result.rows[0];
}
