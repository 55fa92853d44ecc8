import type { Context } from 'koa';
import type { Pool } from 'pg';
import type { Locale } from '../../domain/catalogue';
import { parseDateParam } from '../../domain/dates';
import { badRequest, forbidden } from '../../domain/errors';
import {
  departmentExists,
  findServiceIds,
  STATISTICS_TIME_ZONE,
  type RequestFilter,
} from '../../repositories/admin/statistics-filter';
import type { GroupBy, Grouping, Period } from '../../repositories/admin/statistics-repository';
import type { DetailedStatus } from '../../domain/detailed-status';
import { principalOf } from '../authenticate';
import { canRead, readableDepartments, requireAdmin, type Principal } from '../../domain/principal';
import { validated } from '../json-body';

type CommonQuery = {
  start_date?: string;
  end_date?: string;
  service_code?: string;
  department_id?: string;
  separator?: 'comma' | 'semicolon';
};
type StatisticsQuery = CommonQuery & { group_by?: GroupBy; period?: Period; locale?: Locale };
type ExportQuery = CommonQuery & { detailed_status?: DetailedStatus; include_contact?: 'true' | 'false' };

export type Separator = ',' | ';';

/** The filters as asked, echoed in the statistics body. */
export type AskedFilters = {
  start_date: string | null;
  end_date: string | null;
  service_code: string | null;
  department_id: number | null;
  group_by: GroupBy | null;
  period: Period | null;
  locale: Locale;
};

export type StatisticsRequest = {
  filter: RequestFilter;
  grouping: Grouping | null;
  asked: AskedFilters;
  separator: Separator;
};

export type ExportRequest = { filter: RequestFilter; withContact: boolean; separator: Separator };

/**
 * Turns the common filters into a RequestFilter inside the reader's scope: a department the
 * principal cannot read is 403 (before anything else is looked up, so nothing leaks), an
 * unknown service or department 400, a range that ends before it starts 400.
 */
async function scopedFilter(
  pool: Pool,
  principal: Principal,
  query: CommonQuery,
  detailedStatus: DetailedStatus | null,
): Promise<RequestFilter> {
  const departmentId = query.department_id === undefined ? null : Number(query.department_id);
  if (departmentId !== null && !canRead(principal, departmentId)) {
    throw forbidden(`department ${departmentId} is not one of your departments`);
  }
  const from =
    query.start_date === undefined ? null : parseDateParam('start_date', query.start_date, STATISTICS_TIME_ZONE);
  const to =
    query.end_date === undefined ? null : parseDateParam('end_date', query.end_date, STATISTICS_TIME_ZONE, true);
  if (from !== null && to !== null && from > to) throw badRequest('end_date is before start_date');
  const serviceIds = query.service_code === undefined ? null : await findServiceIds(pool, query.service_code);
  if (serviceIds !== null && serviceIds.length === 0) throw badRequest(`unknown service_code "${query.service_code}"`);
  if (departmentId !== null && !(await departmentExists(pool, departmentId))) {
    throw badRequest(`unknown department_id ${departmentId}`);
  }
  return {
    departments: readableDepartments(principal),
    requestedFrom: from,
    requestedTo: to,
    serviceIds,
    departmentId,
    detailedStatus,
  };
}

const separatorOf = (query: CommonQuery): Separator => (query.separator === 'semicolon' ? ';' : ',');

/** GET /statistics(.csv): the query string, checked against the OpenAPI schema and the reader's scope. */
export async function statisticsRequest(ctx: Context, pool: Pool): Promise<StatisticsRequest> {
  const query = validated<StatisticsQuery>('AdminStatisticsQuery', { ...ctx.query });
  if (query.period !== undefined && query.group_by !== 'period') throw badRequest('period needs group_by=period');
  const filter = await scopedFilter(pool, principalOf(ctx), query, null);
  const grouping = query.group_by === undefined ? null : { by: query.group_by, period: query.period ?? 'month' };
  const asked: AskedFilters = {
    start_date: query.start_date ?? null,
    end_date: query.end_date ?? null,
    service_code: query.service_code ?? null,
    department_id: filter.departmentId,
    group_by: grouping?.by ?? null,
    period: grouping?.by === 'period' ? grouping.period : null,
    locale: query.locale ?? 'fi',
  };
  return { filter, grouping, asked, separator: separatorOf(query) };
}

/** GET /requests.csv: as above; contact details only for an admin who asks for them. */
export async function exportRequest(ctx: Context, pool: Pool): Promise<ExportRequest> {
  const query = validated<ExportQuery>('AdminRequestsExportQuery', { ...ctx.query });
  const principal = principalOf(ctx);
  const withContact = query.include_contact === 'true';
  if (withContact) requireAdmin(principal);
  const filter = await scopedFilter(pool, principal, query, query.detailed_status ?? null);
  return { filter, withContact, separator: separatorOf(query) };
}
