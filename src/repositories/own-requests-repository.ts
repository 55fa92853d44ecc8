import type { Pool } from 'pg';
import type { Resident } from '../domain/resident';
import { w3c } from './public-scope';
import type { HistoryEntry, RequestFields } from './request-row';
import { hashSecret } from '../domain/secrets';

/**
 * THE SUBMITTER'S OWN VIEW (docs/privacy-gate.md §9), kept apart from the public reads: the
 * submitter may see their own request whether or not it is public, with their own original
 * texts, through the tracking token, the batch token or a signed-in resident's token. It reads
 * the base tables, because the public views hide exactly what the submitter may see here.
 *
 * It shows the status, the public answers and the public history, and only published photos;
 * never contact details, internal notes, handler identities or anybody else's request. A
 * duplicate's parent is named only when the parent is public (from the public_request view).
 */

declare const ownView: unique symbol;

/** A row of the submitter's own view: RequestFields with the original texts. */
export type OwnRequestRow = RequestFields & { readonly [ownView]: true };

const OWN_COLUMNS = `
  r.id, r.public_id, r.status, r.status_notes, r.service_id, r.description_original AS description,
  r.agency_responsible, r.service_notice, ${w3c('r.requested_at')} AS requested,
  ${w3c('r.updated_at')} AS updated, ${w3c('r.expected_at')} AS expected, r.address, r.address_id,
  r.zipcode, ST_Y(r.geom) AS lat, ST_X(r.geom) AS long, r.media_urls, r.title_original AS title,
  r.detailed_status, r.duplicate_of IS NOT NULL AS duplicate,
  (SELECT p.public_id FROM public_request p WHERE p.id = r.duplicate_of) AS parent_id,
  ARRAY(SELECT m.public_id FROM media m WHERE m.request_id = r.id AND m.published ORDER BY m.position) AS photo_ids`;

const BY_TRACKING_TOKEN = `SELECT ${OWN_COLUMNS}, r.jurisdiction_id FROM service_request r
                            WHERE r.public_id = $1 AND ($2::text IS NULL OR r.jurisdiction_id = $2::text)
                              AND r.tracking_token_hash = $3`;

/**
 * The submitter's request by id and private tracking token (tracking without an account), in
 * the given municipality or (null) in any, as public ids are unique across the deployment: null
 * when the id, the municipality or the token does not match.
 */
export async function findOwnRequest(
  pool: Pool,
  jurisdictionId: string | null,
  publicId: string,
  token: string,
): Promise<(OwnRequestRow & { jurisdiction_id: string }) | null> {
  const result = await pool.query<OwnRequestRow & { jurisdiction_id: string }>(BY_TRACKING_TOKEN, [
    publicId,
    jurisdictionId,
    hashSecret(token),
  ]);
  return result.rows[0] ?? null;
}

const MINE = `
  SELECT ${OWN_COLUMNS}
    FROM service_request r JOIN request_contact c ON c.request_id = r.id
   WHERE c.resident_issuer = $1 AND c.resident_subject = $2 AND r.jurisdiction_id = $3
   ORDER BY c.request_id DESC
   LIMIT $4 OFFSET $5`;

const MINE_COUNT = `
  SELECT count(*)::int AS total
    FROM service_request r JOIN request_contact c ON c.request_id = r.id
   WHERE c.resident_issuer = $1 AND c.resident_subject = $2 AND r.jurisdiction_id = $3`;

/**
 * A signed-in resident's own requests (`my/requests`): only those sent with a verified token of
 * this (issuer, subject), never matched on a posted account_id.
 */
export async function listResidentRequests(
  pool: Pool,
  resident: Resident,
  jurisdictionId: string,
  page: number,
  pageSize: number,
): Promise<{ rows: OwnRequestRow[]; total: number }> {
  const values = [resident.issuer, resident.subject, jurisdictionId];
  const offset = (page - 1) * pageSize;
  const rows = (await pool.query<OwnRequestRow>(MINE, [...values, pageSize, offset])).rows;
  if (rows.length > 0 && rows.length < pageSize) return { rows, total: offset + rows.length };
  const total = (await pool.query<{ total: number }>(MINE_COUNT, values)).rows[0].total;
  return { rows, total };
}

/**
 * The history of the submitter's own requests: the events flagged public (time, detailed status
 * and public answer), also while the request itself is not public.
 */
const OWN_EVENTS = `
  SELECT e.request_id, ${w3c('e.created_at')} AS time, e.detailed_status AS status, e.note
    FROM request_event e
   WHERE e.request_id = ANY($1::bigint[]) AND e.public AND e.detailed_status IS NOT NULL
   ORDER BY e.request_id, e.created_at, e.id`;

/** History entries of the given own rows, by request. */
export async function ownEvents(pool: Pool, rows: OwnRequestRow[]): Promise<Map<string, HistoryEntry[]>> {
  const byRequest = new Map<string, HistoryEntry[]>();
  if (rows.length === 0) return byRequest;
  const result = await pool.query<HistoryEntry>(OWN_EVENTS, [rows.map((row) => row.id)]);
  for (const entry of result.rows) {
    const list = byRequest.get(entry.request_id) ?? [];
    list.push(entry);
    byRequest.set(entry.request_id, list);
  }
  return byRequest;
}

/**
 * Resolves a batch token to its request id (GeoReport tokens, docs/open311-dialect.md §12), in
 * the given municipality or (null) in any.
 */
export async function findByToken(pool: Pool, jurisdictionId: string | null, token: string): Promise<string | null> {
  const result = await pool.query<{ public_id: string }>(
    'SELECT public_id FROM service_request WHERE token = $1 AND ($2::text IS NULL OR jurisdiction_id = $2::text)',
    [token, jurisdictionId],
  );
  return result.rows[0]?.public_id ?? null;
}
