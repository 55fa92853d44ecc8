import type { Pool } from 'pg';
import type { PublicRequestRow } from './public-scope';
import type { DetailedStatus } from './request-row';

/**
 * One entry of a request's history as a page shows it: the public history (time, detailed status,
 * public note) and the kind, so a page can tell a resident's added details from a city's answer.
 */
export type PageHistoryEntry = { kind: string; time: string; status: DetailedStatus; note: string | null };

const HISTORY = `
  SELECT e.kind, e.time, e.detailed_status AS status, e.note
    FROM public_request_event e
   WHERE e.request_id = $1
   ORDER BY e.created_at, e.id`;

/**
 * The public history of one public request for its page (docs/pages.md §3): the same entries as
 * the JSON `log`, from the public_request_event view, with their kinds. Takes only a row the
 * public view returned, so it cannot be asked about a request that is not public.
 */
export async function publicHistory(pool: Pool, row: PublicRequestRow): Promise<PageHistoryEntry[]> {
  return (await pool.query<PageHistoryEntry>({ name: 'public-page-history', text: HISTORY, values: [row.id] })).rows;
}
