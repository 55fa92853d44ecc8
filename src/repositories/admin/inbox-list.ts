import { createHash } from 'node:crypto';
import type { Pool, QueryConfig } from 'pg';
import type { InboxFilter, InboxSort, InboxSortKey } from '../../domain/inbox-filter';
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
  /** How it came in (docs/staff-intake.md): null for a resident's own request. */
  channel: string | null;
  taken_by_id: number | null;
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

const SORT_COLUMNS: Record<InboxSortKey, string> = {
  received: 'r.requested_at',
  deadline: 'r.deadline_at',
  changed: 'r.updated_at',
};

/**
 * The page order: the sort column, then the id in the same direction, so that equal times keep
 * one order and offset pages never overlap or skip. Each text comes from the fixed map above.
 */
const orderOf = ({ key, descending }: InboxSort): string => {
  const direction = descending ? 'DESC' : 'ASC';
  return `ORDER BY ${SORT_COLUMNS[key]} ${direction}, r.id ${direction}`;
};

/**
 * The matching `service_request` rows in `order`, `limit` after `offset`. With several
 * departments each one's index is walked for at most offset + limit rows and the results merged.
 */
function pageSource({ where, perDepartment }: InboxWhere, order: string, limit: string, offset: string): string {
  if (perDepartment === null)
    return `SELECT r.* FROM service_request r WHERE ${where} ${order} LIMIT ${limit} OFFSET ${offset}`;
  return `SELECT r.* FROM unnest(${perDepartment}) d(id)
            CROSS JOIN LATERAL (SELECT r.* FROM service_request r WHERE ${where} ${order} LIMIT ${limit} + ${offset}) r
          ${order} LIMIT ${limit} OFFSET ${offset}`;
}

function countSource({ where, perDepartment }: InboxWhere, limit: string): string {
  if (perDepartment === null) return `SELECT 1 FROM service_request r WHERE ${where} LIMIT ${limit}`;
  return `SELECT 1 FROM unnest(${perDepartment}) d(id)
            CROSS JOIN LATERAL (SELECT 1 FROM service_request r WHERE ${where} LIMIT ${limit}) r LIMIT ${limit}`;
}

/**
 * One page of the inbox in the filter's order (newest first by default), the id as tiebreak. The
 * page is cut from `service_request` alone (so an index on (department_id | jurisdiction_id, the
 * sort column, id) can stop after the page) and only its rows are joined to service and jurisdiction.
 *
 * `total` is exact without a count query when the page is not full; otherwise a count walks at
 * most max(COUNT_CAP, end of page) + 1 rows, and `totalCapped` says when there are more.
 */
export async function listInbox(pool: Pool, filter: InboxFilter): Promise<InboxPage> {
  const clause = inboxWhere(filter);
  const values = clause.values;
  const offset = (filter.page - 1) * filter.pageSize;
  const n = values.length;
  const order = orderOf(filter.sort);
  const text = `
    SELECT ${summaryColumns(`$${n + 3}`, 'short')}
      FROM (${pageSource(clause, order, `$${n + 1}::int`, `$${n + 2}::int`)}) r
      JOIN service s ON s.id = r.service_id
      JOIN jurisdiction j ON j.id = r.jurisdiction_id
     ${order}`;
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
