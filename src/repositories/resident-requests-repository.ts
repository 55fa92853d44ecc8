import type { Pool } from 'pg';
import type { Resident } from '../residents/verify-resident';
import { requestColumns, type PublicRequestRow } from './public-scope';

const MINE = `
  SELECT ${requestColumns('original')}
    FROM service_request r JOIN request_contact c ON c.request_id = r.id
   WHERE c.resident_issuer = $1 AND c.resident_subject = $2 AND r.jurisdiction_id = $3
   ORDER BY c.request_id DESC
   LIMIT $4 OFFSET $5`;

const COUNT = `
  SELECT count(*)::int AS total
    FROM service_request r JOIN request_contact c ON c.request_id = r.id
   WHERE c.resident_issuer = $1 AND c.resident_subject = $2 AND r.jurisdiction_id = $3`;

/**
 * A signed-in resident's own requests, published or not, with their own text: only those
 * sent with a verified token of this (issuer, subject) — never matched on a posted account_id.
 */
export async function listResidentRequests(
  pool: Pool,
  resident: Resident,
  jurisdictionId: string,
  page: number,
  pageSize: number,
): Promise<{ rows: PublicRequestRow[]; total: number }> {
  const values = [resident.issuer, resident.subject, jurisdictionId];
  const offset = (page - 1) * pageSize;
  const rows = (await pool.query<PublicRequestRow>(MINE, [...values, pageSize, offset])).rows;
  if (rows.length > 0 && rows.length < pageSize) return { rows, total: offset + rows.length };
  const total = (await pool.query<{ total: number }>(COUNT, values)).rows[0].total;
  return { rows, total };
}
