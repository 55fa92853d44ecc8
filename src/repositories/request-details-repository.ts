import type { Pool, PoolClient } from 'pg';
import type { Locale } from '../domain/catalogue';
import { EVENT_KINDS } from '../domain/event-kinds';
import type { StoredPhoto } from '../domain/stored-photo';
import type { OwnRequestRow } from './own-requests-repository';
import { w3c } from './public-scope';
import type { DetailedStatus } from './request-row';
import { photoRows } from './sql/photo-rows';

/**
 * THE SUBMITTER'S ADDED DETAILS (docs/pages.md §4): private-side SQL for the request a tracking
 * token opens. Reads the base tables like own-requests-repository.ts; whether the request is
 * public now is read from the public_request view, the one place that rule lives.
 */

/** What adding details needs to know about the request, read under a row lock. */
export type DetailsTarget = {
  id: string;
  public_id: string;
  status: 'open' | 'closed';
  detailed_status: DetailedStatus;
  locale: Locale;
  moderation: 'auto' | 'pre';
  /** The request passes the privacy gate now (docs/privacy-gate.md §1). */
  public_now: boolean;
  photo_count: number;
};

const TARGET = `
  SELECT r.id, r.public_id, r.status, r.detailed_status, r.locale, s.moderation,
         EXISTS (SELECT 1 FROM public_request p WHERE p.id = r.id) AS public_now,
         (SELECT count(*)::int FROM media m WHERE m.request_id = r.id) AS photo_count
    FROM service_request r JOIN service s ON s.id = r.service_id
   WHERE r.public_id = $1 AND r.tracking_token_hash = $2
     FOR UPDATE OF r`;

/** The request of this id and tracking token hash, locked for the caller's transaction; null when either does not match. */
export async function lockDetailsTarget(
  client: PoolClient,
  publicId: string,
  tokenHash: string,
): Promise<DetailsTarget | null> {
  return (await client.query<DetailsTarget>(TARGET, [publicId, tokenHash])).rows[0] ?? null;
}

export type NewDetails = {
  requestId: string;
  /** The event joins the public history, and the photos are published, only when this is true. */
  public: boolean;
  detailedStatus: DetailedStatus;
  /** The text as the public may read it (screening hits redacted); null without text. */
  publicText: string | null;
  /** The resident's own text and the kinds of what screening found: for handlers and the submitter. */
  data: { text: string | null; screening_hits: string[]; photos: string[] };
};

/**
 * One statement: the event, the photos after the request's existing ones, and (for public
 * details) the request's update time, written together or not at all.
 */
const INSERT = `
  WITH e AS (
    INSERT INTO request_event (request_id, kind, public, status, detailed_status, note, actor, data)
    VALUES ($1, '${EVENT_KINDS.residentAddedDetails}', $2, 'open', $3, $4, 'resident', $5)
    RETURNING id),
  m AS (
    INSERT INTO media (public_id, request_id, position, published, content_type, bytes, width, height,
                       storage_key, thumbnail_key)
    SELECT p.public_id, $1, base.n + p.position, $2, 'image/jpeg', p.bytes, p.width, p.height,
           p.storage_key, p.thumbnail_key
      FROM (SELECT coalesce(max(position), 0) AS n FROM media WHERE request_id = $1) base,
           jsonb_to_recordset($6::jsonb) AS p(public_id text, position int, bytes int, width int, height int,
                                             storage_key text, thumbnail_key text)),
  u AS (UPDATE service_request SET updated_at = now() WHERE id = $1 AND $2)
  SELECT id FROM e`;

/** Stores the added details inside the caller's transaction; returns the event's id. */
export async function insertDetails(client: PoolClient, details: NewDetails, photos: StoredPhoto[]): Promise<string> {
  const result = await client.query<{ id: string }>(INSERT, [
    details.requestId,
    details.public,
    details.detailedStatus,
    details.publicText,
    JSON.stringify(details.data),
    photoRows(photos),
  ]);
  return result.rows[0].id;
}

/** An entry of the submitter's own history: public entries, and their own added details as they wrote them. */
export type OwnHistoryEntry = {
  kind: string;
  time: string;
  status: DetailedStatus;
  note: string | null;
  photos: number;
};

const OWN_HISTORY = `
  SELECT e.kind, ${w3c('e.created_at')} AS time, e.detailed_status AS status,
         CASE WHEN e.kind = '${EVENT_KINDS.residentAddedDetails}' THEN e.data->>'text' ELSE e.note END AS note,
         CASE WHEN jsonb_typeof(e.data->'photos') = 'array' THEN jsonb_array_length(e.data->'photos') ELSE 0 END
           AS photos
    FROM request_event e
   WHERE e.request_id = $1 AND e.detailed_status IS NOT NULL
     AND (e.public OR e.kind = '${EVENT_KINDS.residentAddedDetails}')
   ORDER BY e.created_at, e.id`;

/**
 * The own view's history (docs/privacy-gate.md §9): the events flagged public, and the details
 * the submitter added, with their own unredacted text, also while those are held from the public.
 */
export async function ownHistory(pool: Pool, row: OwnRequestRow): Promise<OwnHistoryEntry[]> {
  return (await pool.query<OwnHistoryEntry>(OWN_HISTORY, [row.id])).rows;
}

/** The language the submitter wrote in: the own view's default language. */
export async function ownRequestLocale(pool: Pool, row: OwnRequestRow): Promise<Locale> {
  return (await pool.query<{ locale: Locale }>('SELECT locale FROM service_request WHERE id = $1', [row.id])).rows[0]
    .locale;
}
