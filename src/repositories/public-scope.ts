/**
 * THE PRIVACY GATE (DESIGN.md). A request is public only when consent was given, its visibility
 * is `public` and its service is not `never_public`. Every public read selects through
 * PUBLIC_FROM + PUBLIC_WHERE and only the columns in PUBLIC_COLUMNS: no contact table, no
 * original text, no internal notes or handler identities exist in this column list.
 */
export const PUBLIC_FROM = `service_request r JOIN service s ON s.id = r.service_id`;

/** The gate for request alias `r` of service alias `s` (PUBLIC_WHERE, and the duplicate's parent below). */
const publicWhere = (r: string, s: string): string =>
  `${r}.visibility = 'public' AND ${r}.publication_consent AND NOT ${s}.never_public`;

export const PUBLIC_WHERE = publicWhere('r', 's');

/**
 * [CHI] A duplicate's parent: its public id only when the parent itself passes the gate, so a
 * public duplicate never reveals the id of a withheld, hidden or never-public request.
 */
const PUBLIC_PARENT = `(SELECT p.public_id FROM service_request p JOIN service ps ON ps.id = p.service_id
   WHERE p.id = r.duplicate_of AND ${publicWhere('p', 'ps')})`;

const W3C = `'YYYY-MM-DD"T"HH24:MI:SS"Z"'`;

/** Timestamps leave PostgreSQL as W3C text in UTC: no Date parsing or formatting in Node. */
export const w3c = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', ${W3C})`;

/**
 * The request columns a reader may see. `public` texts are the (redacted) published ones; the
 * `original` texts are only for the submitter's own tracked view (own-scope.ts).
 */
export const requestColumns = (texts: 'public' | 'original'): string => `
  r.id, r.public_id, r.status, r.status_notes, r.service_id, r.description_${texts} AS description,
  r.agency_responsible, r.service_notice, ${w3c('r.requested_at')} AS requested,
  ${w3c('r.updated_at')} AS updated, ${w3c('r.expected_at')} AS expected, r.address, r.address_id,
  r.zipcode, ST_Y(r.geom) AS lat, ST_X(r.geom) AS long, r.media_urls, r.title_${texts} AS title,
  r.detailed_status, r.duplicate_of IS NOT NULL AS duplicate, ${PUBLIC_PARENT} AS parent_id,
  ARRAY(SELECT m.public_id FROM media m WHERE m.request_id = r.id AND m.published ORDER BY m.position) AS photo_ids`;

export const PUBLIC_COLUMNS = requestColumns('public');

/** A row as PUBLIC_COLUMNS returns it. */
export type PublicRequestRow = {
  id: string;
  public_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_id: number;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested: string;
  updated: string;
  expected: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_urls: string[];
  /** Photos a handler (or auto-publication) released; never unpublished ones. */
  photo_ids: string[];
  title: string | null;
  detailed_status: DetailedStatus;
  /** [CHI] Closed as a duplicate of another request. */
  duplicate: boolean;
  /** [CHI] The original's public id, only when the original is public itself. */
  parent_id: string | null;
  distance?: number;
};

export type DetailedStatus = 'RECEIVED' | 'IN_PROCESS' | 'PROCESSED' | 'REJECTED' | 'ARCHIVED';

/** Public history entry: only events flagged public, never who wrote them. */
export type PublicEventRow = { request_id: string; time: string; status: DetailedStatus; note: string | null };

export const PUBLIC_EVENTS = `
  SELECT e.request_id, ${w3c('e.created_at')} AS time, e.detailed_status AS status, e.note
    FROM request_event e
   WHERE e.request_id = ANY($1::bigint[]) AND e.public AND e.detailed_status IS NOT NULL
   ORDER BY e.request_id, e.created_at, e.id`;
