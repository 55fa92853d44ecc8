import type { Pool } from 'pg';
import type { Locale } from '../../domain/catalogue';
import { w3c } from '../public-scope';
import type { InboxSummary } from './inbox-list';
import { summaryColumns } from './inbox-filter-sql';

/** The handler's view of one request (AdminInboxRequest), without photo URLs. */
export type InboxDetailRow = InboxSummary & {
  jurisdiction_id: string;
  title_public: string | null;
  description_public: string | null;
  publication_consent: boolean;
  locale: string;
  attributes: Record<string, unknown>;
  service_notice: string | null;
  agency_responsible: string | null;
  status_notes: string | null;
  address_id: string | null;
  zipcode: string | null;
  media_urls: string[];
  first_handled_datetime: string | null;
  closed_datetime: string | null;
  /** An admin erased its personal data (docs/retention.md); contact details alone may go earlier. */
  erased_datetime: string | null;
  contact_erased_datetime: string | null;
  screening_hits: unknown[];
  assignee: HandlerIdentity | null;
  contact: Record<'email' | 'phone' | 'first_name' | 'last_name' | 'account_id' | 'device_id', string | null>;
  submitter: Submitter | null;
  application: string | null;
  duplicate_of: string | null;
  duplicates: string[];
  nickname: string | null;
  nickname_removed_datetime: string | null;
};

/**
 * Who sent the request (AdminSubmitter): a verified sign-in (issuer and subject of the
 * resident's token), or only the `account_id` the client claimed. Never in public output.
 */
export type Submitter = { verified: true; issuer: string; subject: string } | { verified: false; account_id: string };

export type HandlerIdentity = { id: number; name: string; email: string };

export type InboxEventRow = {
  id: string;
  kind: string;
  public: boolean;
  status: 'open' | 'closed' | null;
  detailed_status: string | null;
  note: string | null;
  data: Record<string, unknown>;
  created_datetime: string;
  handler: HandlerIdentity | null;
  actor: string | null;
};

export type InboxPhotoRow = {
  photo_id: string;
  position: number;
  published: boolean;
  width: number;
  height: number;
  bytes: number;
};

const identity = (alias: string) =>
  `CASE WHEN ${alias}.id IS NULL THEN NULL
        ELSE json_build_object('id', ${alias}.id, 'name', ${alias}.name, 'email', ${alias}.email) END`;

const DETAIL = `
  SELECT ${summaryColumns('$2', 'full')},
         r.jurisdiction_id, r.title_public, r.description_public, r.publication_consent, r.locale, r.attributes,
         r.service_notice, r.agency_responsible, r.status_notes, r.address_id, r.zipcode, r.media_urls,
         ${w3c('r.first_handled_at')} AS first_handled_datetime, ${w3c('r.closed_at')} AS closed_datetime,
         ${w3c('r.erased_at')} AS erased_datetime, ${w3c('r.contact_erased_at')} AS contact_erased_datetime,
         r.screening_hits, ${identity('h')} AS assignee,
         json_build_object('email', c.email, 'phone', c.phone, 'first_name', c.first_name,
                           'last_name', c.last_name, 'account_id', c.account_id, 'device_id', c.device_id) AS contact,
         CASE WHEN c.resident_subject IS NOT NULL
                THEN json_build_object('verified', true, 'issuer', c.resident_issuer, 'subject', c.resident_subject)
              WHEN c.account_id IS NOT NULL THEN json_build_object('verified', false, 'account_id', c.account_id)
         END AS submitter,
         a.name AS application, d.public_id AS duplicate_of,
         ARRAY(SELECT x.public_id FROM service_request x WHERE x.duplicate_of = r.id
                ORDER BY x.requested_at, x.id) AS duplicates,
         r.nickname, ${w3c('r.nickname_removed_at')} AS nickname_removed_datetime
    FROM service_request r
    JOIN service s ON s.id = r.service_id
    JOIN jurisdiction j ON j.id = r.jurisdiction_id
    LEFT JOIN request_contact c ON c.request_id = r.id
    LEFT JOIN application a ON a.id = r.application_id
    LEFT JOIN handler h ON h.id = r.assignee_id
    LEFT JOIN service_request d ON d.id = r.duplicate_of
   WHERE r.id = $1`;

const EVENTS = `
  SELECT e.id, e.kind, e.public, e.status, e.detailed_status, e.note, e.data,
         ${w3c('e.created_at')} AS created_datetime, ${identity('h')} AS handler, e.actor
    FROM request_event e LEFT JOIN handler h ON h.id = e.handler_id
   WHERE e.request_id = $1
   ORDER BY e.created_at, e.id`;

const PHOTOS = `
  SELECT public_id AS photo_id, position, published, width, height, bytes
    FROM media WHERE request_id = $1 ORDER BY position`;

/**
 * Everything a handler may see about a request (the inbox detail): contact details,
 * original and public texts, screening hits, the full audit log with who wrote each entry, and
 * every photo with its publish flag. Never used by a public route.
 */
export async function loadInboxDetail(
  pool: Pool,
  requestId: string,
  locale: Locale | null,
): Promise<{ request: InboxDetailRow; events: InboxEventRow[]; photos: InboxPhotoRow[] }> {
  const [request, events, photos] = await Promise.all([
    pool.query<InboxDetailRow>(DETAIL, [requestId, locale]),
    pool.query<InboxEventRow>(EVENTS, [requestId]),
    pool.query<InboxPhotoRow>(PHOTOS, [requestId]),
  ]);
  return { request: request.rows[0], events: events.rows, photos: photos.rows };
}
