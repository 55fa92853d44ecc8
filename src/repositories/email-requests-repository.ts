import type { Pool } from 'pg';
import type { Localized } from '../domain/catalogue';
import type { DetailedStatus } from '../domain/detailed-status';

/**
 * THE SUBMITTER'S OWN VIEW by e-mail address (docs/privacy-gate.md §9): the requests sent with
 * one address, for the resident signed in with an e-mail link. Like the other own reads it reads
 * the base tables (the resident sees their requests whether or not they are public, with their
 * own original text) and shows only the public answers and history: never contact details,
 * internal notes, handler identities, or anybody else's request.
 */

export type EmailRequestRow = {
  /** The internal row id: for the history lookup only, never shown. */
  id: string;
  public_id: string;
  status: 'open' | 'closed';
  detailed_status: DetailedStatus;
  title: string | null;
  description: string | null;
  address: string | null;
  status_notes: string | null;
  requested_at: Date;
  service_names: Localized;
  /** Passes the privacy gate (`public_request`), so its public page exists. */
  published: boolean;
};

export type EmailRequestEvent = {
  request_id: string;
  created_at: Date;
  detailed_status: DetailedStatus;
  note: string | null;
};

const BY_EMAIL = `
  SELECT r.id, r.public_id, r.status, r.detailed_status, r.title_original AS title,
         r.description_original AS description, r.address, r.status_notes, r.requested_at,
         s.names AS service_names, EXISTS (SELECT 1 FROM public_request p WHERE p.id = r.id) AS published
    FROM request_contact c
    JOIN service_request r ON r.id = c.request_id
    JOIN service s ON s.id = r.service_id
   WHERE lower(c.email) = $1 AND c.email IS NOT NULL
   ORDER BY c.request_id DESC
   LIMIT $2`;

const COUNT_BY_EMAIL = `SELECT count(*)::int AS total FROM request_contact c WHERE lower(c.email) = $1 AND c.email IS NOT NULL`;

/** The newest `limit` requests sent with `email` (lower-cased), and how many there are in all. */
export async function listRequestsByEmail(
  pool: Pool,
  email: string,
  limit: number,
): Promise<{ rows: EmailRequestRow[]; total: number }> {
  const rows = (await pool.query<EmailRequestRow>(BY_EMAIL, [email, limit])).rows;
  if (rows.length < limit) return { rows, total: rows.length };
  const total = (await pool.query<{ total: number }>(COUNT_BY_EMAIL, [email])).rows[0].total;
  return { rows, total };
}

/** The public history of those requests (events flagged public), also while a request is not public. */
const EVENTS = `
  SELECT e.request_id, e.created_at, e.detailed_status, e.note
    FROM request_event e
   WHERE e.request_id = ANY($1::bigint[]) AND e.public AND e.detailed_status IS NOT NULL
   ORDER BY e.request_id, e.created_at, e.id`;

export async function listEmailRequestEvents(pool: Pool, requestIds: string[]): Promise<EmailRequestEvent[]> {
  if (requestIds.length === 0) return [];
  return (await pool.query<EmailRequestEvent>(EVENTS, [requestIds])).rows;
}
