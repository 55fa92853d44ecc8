import type { Context } from 'koa';
import type { Pool } from 'pg';
import type { Locale } from '../../domain/catalogue';
import { parseDateParam } from '../../domain/dates';
import { badRequest, forbidden } from '../../domain/errors';
import { jurisdictionExists } from '../../repositories/admin/city-scope';
import {
  departmentJurisdiction,
  findServiceIds,
  STATISTICS_TIME_ZONE,
  type RequestFilter,
} from '../../repositories/admin/statistics-filter';
import type { GroupBy, Grouping, Period } from '../../repositories/admin/statistics-repository';
import type { DetailedStatus } from '../../domain/detailed-status';
import { principalOf } from '../authenticate';
import { cityScope, readableDepartments, requireAdmin, type Principal } from '../../domain/principal';
import { validated } from '../json-body';

type CommonQuery = {
  jurisdiction_id?: string;
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
  jurisdiction_id: string | null;
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
 * The city the figures cover (an unknown one is 400; then cityScope: one's own, another is
 * 403; an instance admin's choice or every city) and the department asked for within it.
 * Handlers and viewers are checked against their memberships before anything is looked up;
 * for a city admin a department of another city is the same 403 as an unknown one.
 */
async function scopeOf(
  pool: Pool,
  principal: Principal,
  query: CommonQuery,
): Promise<{ jurisdictionId: string | null; departmentId: number | null }> {
  const departmentId = query.department_id === undefined ? null : Number(query.department_id);
  const mine = readableDepartments(principal);
  if (departmentId !== null && mine !== null && !mine.includes(departmentId)) {
    throw forbidden(`department ${departmentId} is not one of your departments`);
  }
  if (query.jurisdiction_id !== undefined && !(await jurisdictionExists(pool, query.jurisdiction_id))) {
    throw badRequest(`jurisdiction_id "${query.jurisdiction_id}" is not served here`);
  }
  const jurisdictionId = cityScope(principal, query.jurisdiction_id);
  if (departmentId === null) return { jurisdictionId, departmentId };
  const city = await departmentJurisdiction(pool, departmentId);
  if (city === null || (jurisdictionId !== null && city !== jurisdictionId)) {
    if (principal.jurisdictionId !== null) {
      throw forbidden(`department ${departmentId} is not a department of ${jurisdictionId}`);
    }
    throw badRequest(
      city === null
        ? `unknown department_id ${departmentId}`
        : `department_id ${departmentId} is not a department of ${jurisdictionId}`,
    );
  }
  return { jurisdictionId, departmentId };
}

/**
 * Turns the common filters into a RequestFilter inside the reader's scope: another city or a
 * department the principal cannot read is 403 (before the rest is looked up), an unknown
 * city, service or department 400, a range that ends before it starts 400.
 */
async function scopedFilter(
  pool: Pool,
  principal: Principal,
  query: CommonQuery,
  detailedStatus: DetailedStatus | null,
): Promise<RequestFilter> {
  const { jurisdictionId, departmentId } = await scopeOf(pool, principal, query);
  const from =
    query.start_date === undefined ? null : parseDateParam('start_date', query.start_date, STATISTICS_TIME_ZONE);
  const to =
    query.end_date === undefined ? null : parseDateParam('end_date', query.end_date, STATISTICS_TIME_ZONE, true);
  if (from !== null && to !== null && from > to) throw badRequest('end_date is before start_date');
  const serviceIds =
    query.service_code === undefined ? null : await findServiceIds(pool, query.service_code, jurisdictionId);
  if (serviceIds !== null && serviceIds.length === 0) throw badRequest(`unknown service_code "${query.service_code}"`);
  return {
    jurisdictionId,
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
    jurisdiction_id: filter.jurisdictionId,
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
