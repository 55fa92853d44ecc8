import type { InboxFilter } from '../../domain/inbox-filter';
import { w3c } from '../public-scope';
import { overdueSql } from '../sql/overdue';

/**
 * The searchable text of a request for handlers: the resident's ORIGINAL words and the address.
 * Identical to the expression of the GIN trigram index `service_request_original_text`
 * (migration 1764000000100-inbox-indexes), so `ILIKE '%word%'` is answered from the index.
 */
export const INBOX_TEXT = `(coalesce(r.title_original, '') || ' ' || r.description_original || ' ' || coalesce(r.address, ''))`;

/** Held by screening: waiting for a handler because the text looked like personal data. */
export const HELD = `(r.visibility = 'pending' AND r.screening_hits <> '[]'::jsonb)`;

export const SUMMARY_DESCRIPTION_LENGTH = 200;

const shortDescription = `CASE WHEN length(r.description_original) > ${SUMMARY_DESCRIPTION_LENGTH}
  THEN left(r.description_original, ${SUMMARY_DESCRIPTION_LENGTH - 1}) || '…' ELSE r.description_original END`;

/**
 * The AdminInboxSummary columns, from `service_request r`, `service s` and `jurisdiction j`.
 * The service name falls back like `pick()`: wanted locale, municipality default, fi, en, sv.
 * `$locale` is the parameter holding the wanted locale (or NULL).
 */
export const summaryColumns = (locale: string, description: 'short' | 'full'): string => `
  r.public_id AS service_request_id, s.code AS service_code,
  coalesce(s.names->>${locale}::text, s.names->>j.default_locale, s.names->>'fi', s.names->>'en', s.names->>'sv')
    AS service_name,
  r.department_id, r.assignee_id, r.status, r.detailed_status, r.visibility,
  ${HELD} AS held, ${overdueSql('r')} AS overdue,
  r.title_original AS title, ${description === 'short' ? shortDescription : 'r.description_original'} AS description,
  r.address, ST_Y(r.geom) AS lat, ST_X(r.geom) AS long,
  ${w3c('r.requested_at')} AS requested_datetime, ${w3c('r.updated_at')} AS updated_datetime,
  ${w3c('r.deadline_at')} AS deadline_datetime, ${w3c('r.expected_at')} AS expected_datetime,
  r.intake_channel AS channel, r.intake_handler_id AS taken_by_id`;

const escapeLike = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One department (the usual handler) as `=`, so (department_id, requested_at DESC, id DESC)
 * gives the order. Several are `d.id` of `unnest(departments) d(id)`: the caller walks that
 * index once per department (a LATERAL join) instead of sorting all their requests.
 */
function departmentSql(departments: InboxFilter['departments'], add: (value: unknown) => string): string | null {
  if (departments === null) return null;
  if (departments === 'none') return `r.department_id IS NULL`;
  if (departments.length === 0) return `false`;
  if (departments.length === 1) return `r.department_id = ${add(departments[0])}::int`;
  return `r.department_id = d.id`;
}

export type InboxWhere = {
  where: string;
  values: unknown[];
  /** Placeholder of the department id array when the query must run per department, else null. */
  perDepartment: string | null;
};

/**
 * WHERE clause of the inbox list over `service_request r`. Only the filters present appear, so
 * each combination is one stable statement text (prepared once per connection).
 */
export function inboxWhere(filter: InboxFilter): InboxWhere {
  const values: unknown[] = [];
  const add = (value: unknown) => `$${values.push(value)}`;
  const parts: string[] = [];
  const push = (sql: string | null) => sql !== null && parts.push(sql);
  const several = Array.isArray(filter.departments) && filter.departments.length > 1;
  const perDepartment = several ? `${add(filter.departments)}::int[]` : null;
  push(departmentSql(filter.departments, add));
  if (filter.jurisdictionId !== null) push(`r.jurisdiction_id = ${add(filter.jurisdictionId)}`);
  if (filter.detailedStatuses) push(`r.detailed_status = ANY(${add(filter.detailedStatuses)}::text[])`);
  if (filter.statuses) push(`r.status = ANY(${add(filter.statuses)}::text[])`);
  if (filter.visibilities) push(`r.visibility = ANY(${add(filter.visibilities)}::text[])`);
  if (filter.held !== null) push(filter.held ? HELD : `NOT ${HELD}`);
  if (filter.overdue !== null) push(filter.overdue ? overdueSql('r') : `NOT ${overdueSql('r')}`);
  if (filter.serviceIds?.length === 1) push(`r.service_id = ${add(filter.serviceIds[0])}::int`);
  else if (filter.serviceIds) push(`r.service_id = ANY(${add(filter.serviceIds)}::int[])`);
  if (filter.assignee === 'none') push(`r.assignee_id IS NULL`);
  else if (filter.assignee !== null) push(`r.assignee_id = ${add(filter.assignee)}::int`);
  if (filter.text !== null) push(`${INBOX_TEXT} ILIKE ${add(escapeLike(filter.text))}`);
  if (filter.bbox) {
    const b = filter.bbox;
    push(`r.geom && ST_MakeEnvelope(${add(b.minLon)}, ${add(b.minLat)}, ${add(b.maxLon)}, ${add(b.maxLat)}, 4326)`);
  }
  if (filter.requestedFrom) push(`r.requested_at >= ${add(filter.requestedFrom)}`);
  if (filter.requestedTo) push(`r.requested_at <= ${add(filter.requestedTo)}`);
  return { where: parts.length === 0 ? 'true' : parts.join(' AND '), values, perDepartment };
}
