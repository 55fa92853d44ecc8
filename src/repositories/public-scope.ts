import type { HistoryEntry, RequestFields } from './request-row';

export type { DetailedStatus } from './request-row';

/**
 * THE PRIVACY GATE (docs/privacy-gate.md). The rule (consent, visibility `public`, category not
 * never-public) and the public column list live in the database, in the views of
 * src/db/migrations/1764300000000-public-views.ts:
 *
 * - `public_request`: public requests, public columns only;
 * - `public_request_event`: the public history of public requests (no author, no data);
 * - `public_media`: published photos of public requests.
 *
 * Every public read selects from these views and nothing else;
 * test/contract/public-reads-use-views.test.ts fails when public-side code names a base table
 * or a private column. The submitter's own view is a separate path (own-requests-repository.ts).
 */

const W3C = `'YYYY-MM-DD"T"HH24:MI:SS"Z"'`;

/** Timestamps leave PostgreSQL as W3C text in UTC: no Date parsing or formatting in Node. */
export const w3c = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', ${W3C})`;

declare const publicView: unique symbol;

/** A row of the public_request view, as publicRequestColumns reads it. */
export type PublicRequestRow = RequestFields & { readonly [publicView]: true };

/** The PublicRequestRow columns of the public_request view under alias `alias`. */
export const publicRequestColumns = (alias: string): string =>
  [
    'id',
    'public_id',
    'status',
    'status_notes',
    'service_id',
    'description',
    'agency_responsible',
    'service_notice',
    'requested',
    'updated',
    'expected',
    'address',
    'address_id',
    'zipcode',
    'lat',
    'long',
    'media_urls',
    'photo_ids',
    'title',
    'detailed_status',
    'duplicate',
    'parent_id',
    'nickname',
  ]
    .map((column) => `${alias}.${column}`)
    .join(', ');

/** Public history entry: only events flagged public, never who wrote them. */
export type PublicEventRow = HistoryEntry;

/** The public history of the given (public) requests, oldest first. */
export const PUBLIC_EVENTS = `
  SELECT e.request_id, e.time, e.detailed_status AS status, e.note
    FROM public_request_event e
   WHERE e.request_id = ANY($1::bigint[])
   ORDER BY e.request_id, e.created_at, e.id`;
