import type { Pool } from 'pg';
import type { UpdatesFilter } from '../domain/parse-updates-query';
import { EVENT_KINDS } from '../domain/event-kinds';
import type { DetailedStatus } from '../domain/detailed-status';

/**
 * An update is an entry of the public history (the public_request_event view, public-scope.ts)
 * other than the receipt itself: `created` is the request, which GET requests already lists. A
 * resident's added details are not the city's update either: FixMyStreet would show their text as
 * the council's (docs/pages.md §4).
 */
const UPDATE_WHERE = `e.kind NOT IN ('${EVENT_KINDS.created}', '${EVENT_KINDS.residentAddedDetails}')`;

/**
 * An answer leaves the state as the latest earlier public event set it (a duplicate stays a
 * duplicate); other events set it themselves.
 */
const STATE_KIND = `CASE WHEN e.kind = '${EVENT_KINDS.answered}' THEN coalesce((
     SELECT p.kind FROM public_request_event p
      WHERE p.request_id = e.request_id AND p.kind <> '${EVENT_KINDS.answered}' AND (p.created_at, p.id) < (e.created_at, e.id)
      ORDER BY p.created_at DESC, p.id DESC LIMIT 1), e.kind) ELSE e.kind END`;

/** Only public fields: never the handler, the event's data or an internal note. */
const COLUMNS = `e.id::text AS update_id, e.request_public_id AS service_request_id, ${STATE_KIND} AS state_kind,
  e.detailed_status, coalesce(e.note, '') AS description, e.time AS updated`;

export type PublicUpdateRow = {
  update_id: string;
  service_request_id: string;
  state_kind: string;
  detailed_status: DetailedStatus;
  description: string;
  updated: string;
};

function whereClause(filter: UpdatesFilter): { where: string; values: unknown[] } {
  const values: unknown[] = [filter.jurisdictionId];
  const add = (value: unknown) => `$${values.push(value)}`;
  const parts = [`e.jurisdiction_id = $1`, UPDATE_WHERE];
  if (filter.from) parts.push(`e.created_at >= ${add(filter.from)}`);
  if (filter.until) parts.push(`e.created_at < ${add(filter.until)}`);
  if (filter.ids) parts.push(`e.request_public_id = ANY(${add(filter.ids)}::text[])`);
  return { where: parts.join(' AND '), values };
}

/**
 * One page of public updates of public requests (the privacy gate: the public_request_event view),
 * oldest first with the event id as tiebreak, and the total. Counts only when the page is full.
 */
export async function listPublicUpdates(
  pool: Pool,
  filter: UpdatesFilter,
): Promise<{ rows: PublicUpdateRow[]; total: number }> {
  const { where, values } = whereClause(filter);
  const from = `public_request_event e`;
  const offset = (filter.page - 1) * filter.pageSize;
  const list = `SELECT ${COLUMNS} FROM ${from} WHERE ${where}
                 ORDER BY e.created_at, e.id LIMIT $${values.length + 1} OFFSET $${values.length + 2}`;
  const rows = (await pool.query<PublicUpdateRow>(list, [...values, filter.pageSize, offset])).rows;
  if (rows.length < filter.pageSize && (rows.length > 0 || offset === 0)) return { rows, total: offset + rows.length };
  const count = await pool.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM ${from} WHERE ${where}`,
    values,
  );
  return { rows, total: count.rows[0].total };
}
