import type { PoolClient } from 'pg';
import { PUBLIC_WHERE } from '../publication-rule';

export type Original = {
  id: string;
  publicId: string;
  departmentId: number | null;
  jurisdictionId: string;
  /** The department of the request named as the original (another one when that is itself a duplicate). */
  namedDepartmentId: number | null;
  namedJurisdictionId: string;
  /** Whether it belongs to the same jurisdiction as the request being marked. */
  sameJurisdiction: boolean;
  /** Whether the original passes the privacy gate now. */
  isPublic: boolean;
};

/**
 * The request a duplicate should point to: `publicId`, or, when that one is itself a
 * duplicate, the original it points to (so links stay one level deep). Locks it FOR SHARE so
 * that it cannot become a duplicate itself before this transaction commits.
 */
export async function findOriginal(
  client: PoolClient,
  publicId: string,
  duplicateId: string,
): Promise<Original | null> {
  const named = await client.query<{
    id: string;
    duplicate_of: string | null;
    department_id: number | null;
    jurisdiction_id: string;
  }>(`SELECT id, duplicate_of, department_id, jurisdiction_id FROM service_request WHERE public_id = $1`, [publicId]);
  const row = named.rows[0];
  if (row === undefined) return null;
  const result = await client.query<Omit<Original, 'namedDepartmentId' | 'namedJurisdictionId'>>(
    `SELECT r.id, r.public_id AS "publicId", r.department_id AS "departmentId",
            r.jurisdiction_id AS "jurisdictionId", (${PUBLIC_WHERE}) AS "isPublic",
            r.jurisdiction_id = (SELECT d.jurisdiction_id FROM service_request d WHERE d.id = $2) AS "sameJurisdiction"
       FROM service_request r JOIN service s ON s.id = r.service_id
      WHERE r.id = $1 FOR SHARE OF r`,
    [row.duplicate_of ?? row.id, duplicateId],
  );
  const original = result.rows[0];
  return original === undefined
    ? null
    : { ...original, namedDepartmentId: row.department_id, namedJurisdictionId: row.jurisdiction_id };
}

/** How many requests point to this one as their original. */
export async function countDuplicatesOf(client: PoolClient, requestId: string): Promise<number> {
  const result = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM service_request WHERE duplicate_of = $1`,
    [requestId],
  );
  return result.rows[0].n;
}

/**
 * Closes a request as a duplicate (docs/domain-model.md §7): PROCESSED, because the matter is
 * handled under the original, with the answer pointing there as status_notes.
 */
export async function closeAsDuplicate(
  client: PoolClient,
  requestId: string,
  originalId: string,
  answer: string,
): Promise<void> {
  await client.query(
    `UPDATE service_request
        SET status = 'closed', detailed_status = 'PROCESSED', duplicate_of = $2, status_notes = $3,
            first_handled_at = coalesce(first_handled_at, now()), closed_at = now(), updated_at = now()
      WHERE id = $1`,
    [requestId, originalId, answer],
  );
}
