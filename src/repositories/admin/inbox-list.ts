import { createHash } from 'node:crypto';
import type { Pool, QueryConfig } from 'pg';
import type { InboxFilter } from '../../domain/inbox-filter';
import type { DetailedStatus } from '../../domain/detailed-status';
import { inboxWhere, summaryColumns, type InboxWhere } from './inbox-filter-sql';

/** One row of the inbox, exactly the AdminInboxSummary wire shape. */
export type InboxSummary = {
  service_request_id: string;
  service_code: string;
  service_name: string | null;
  department_id: number | null;
  assignee_id: number | null;
  status: 'open' | 'closed';
  detailed_status: DetailedStatus;
  visibility: 'pending' | 'public' | 'hidden';
  held: boolean;
  overdue: boolean;
  title: string | null;
  description: string | null;
  address: string | null;
  lat: number | null;
  long: number | null;
  requested_datetime: string;
  updated_datetime: string;
  deadline_datetime: string | null;
  expected_datetime: string | null;
};

export type InboxPage = { rows: InboxSummary[]; total: number; totalCapped: boolean };

/** Counting stops here (or at the end of the asked page, when deeper): a bounded index walk. */
export const COUNT_CAP = 10000;

const statementNames = new Map<string, string>();

function prepared(text: string, values: unknown[]): QueryConfig {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `inbox-${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return { name, text, values };
}

const ORDER = `ORDER BY r.requested_at DESC, r.id DESC`;

/**
 * The matching `service_request` rows, newest first, `limit` after `offset`. With several
 * departments each one's index is walked for at most offset + limit rows and the results merged.
 */
function pageSource({ where, perDepartment }: InboxWhere, limit: string, offset: string): string {
  if (perDepartment === null)
    return `SELECT r.* FROM service_request r WHERE ${where} ${ORDER} LIMIT ${limit} OFFSET ${offset}`;
  return `SELECT r.* FROM unnest(${perDepartment}) d(id)
            CROSS JOIN LATERAL (SELECT r.* FROM service_request r WHERE ${where} ${ORDER} LIMIT ${limit} + ${offset}) r
          ${ORDER} LIMIT ${limit} OFFSET ${offset}`;
}

function countSource({ where, perDepartment }: InboxWhere, limit: string): string {
  if (perDepartment === null) return `SELECT 1 FROM service_request r WHERE ${where} LIMIT ${limit}`;
  return `SELECT 1 FROM unnest(${perDepartment}) d(id)
            CROSS JOIN LATERAL (SELECT 1 FROM service_request r WHERE ${where} LIMIT ${limit}) r LIMIT ${limit}`;
}

/**
 * One page of the inbox, newest first with the id as tiebreak. The page is cut from
 * `service_request` alone (so an index on (department_id | jurisdiction_id, requested_at DESC,
 * id DESC) can stop after the page) and only its rows are joined to service and jurisdiction.
 *
 * `total` is exact without a count query when the page is not full; otherwise a count walks at
 * most max(COUNT_CAP, end of page) + 1 rows, and `totalCapped` says when there are more.
 */
export async function listInbox(pool: Pool, filter: InboxFilter): Promise<InboxPage> {
  const clause = inboxWhere(filter);
  const values = clause.values;
  const offset = (filter.page - 1) * filter.pageSize;
  const n = values.length;
  const text = `
    SELECT ${summaryColumns(`$${n + 3}`, 'short')}
      FROM (${pageSource(clause, `$${n + 1}::int`, `$${n + 2}::int`)}) r
      JOIN service s ON s.id = r.service_id
      JOIN jurisdiction j ON j.id = r.jurisdiction_id
     ${ORDER}`;
  const page = await pool.query<InboxSummary>(prepared(text, [...values, filter.pageSize, offset, filter.locale]));
  const rows = page.rows;
  if (rows.length > 0 && rows.length < filter.pageSize)
    return { rows, total: offset + rows.length, totalCapped: false };
  if (rows.length === 0 && offset === 0) return { rows, total: 0, totalCapped: false };
  const cap = Math.max(COUNT_CAP, offset + filter.pageSize);
  const count = `SELECT count(*)::int AS total FROM (${countSource(clause, `$${n + 1}::int`)}) c`;
  const counted = (await pool.query<{ total: number }>(prepared(count, [...values, cap + 1]))).rows[0].total;
  return { rows, total: Math.min(counted, cap), totalCapped: counted > cap };
}
