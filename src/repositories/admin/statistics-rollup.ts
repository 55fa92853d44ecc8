import { startOfZonedDay } from '../../domain/dates';
import { filterConditions, STATISTICS_TIME_ZONE, type RequestFilter } from './statistics-filter';
import { DETAILED_STATUSES, OUTPUT, shapeOf, type Grouping } from './statistics-repository';

/** Helsinki calendar days (YYYY-MM-DD) that a filter's range covers, open ends as null. */
export type DayRange = { from: string | null; to: string | null };

const dayFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: STATISTICS_TIME_ZONE });
const dayOf = (instant: Date): string => dayFormat.format(instant);

function isMidnight(instant: Date): boolean {
  const [y, m, d] = dayOf(instant).split('-').map(Number);
  return startOfZonedDay(y, m, d, STATISTICS_TIME_ZONE).getTime() === instant.getTime();
}

/**
 * The whole days of the filter's range, or null when an end falls inside a day (a datetime
 * rather than a bare date): the rollup holds whole days only, so such a range is counted
 * exactly from the requests (docs/statistics.md).
 */
export function rollupDays(filter: RequestFilter): DayRange | null {
  const { requestedFrom: from, requestedTo: to } = filter;
  if (from !== null && !isMidnight(from)) return null;
  if (to !== null && !isMidnight(new Date(to.getTime() + 1))) return null;
  return { from: from === null ? null : dayOf(from), to: to === null ? null : dayOf(to) };
}

/** The filter's conditions on rollup rows `d` but the range; department 0 is "none", which no department filter matches. */
function rollupConditions(filter: RequestFilter, params: unknown[]): string[] {
  const conditions: string[] = [];
  const bind = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.jurisdictionId !== null) conditions.push(`d.jurisdiction_id = ${bind(filter.jurisdictionId)}`);
  if (filter.departments !== null)
    conditions.push(`d.department_id = ANY(${bind(filter.departments)}::int[]) AND d.department_id <> 0`);
  if (filter.serviceIds !== null) conditions.push(`d.service_id = ANY(${bind(filter.serviceIds)}::int[])`);
  if (filter.departmentId !== null)
    conditions.push(`d.department_id = ${bind(filter.departmentId)} AND d.department_id <> 0`);
  if (filter.detailedStatus !== null) conditions.push(`d.detailed_status = ${bind(filter.detailedStatus)}`);
  return conditions;
}

/** Rows of one rollup table between two days (its `day`: a day, a week's Monday or a month's first day). */
type Source = {
  table: 'statistics_daily' | 'statistics_weekly' | 'statistics_monthly' | 'statistics_day_totals';
  from: string | null;
  to: string | null;
};

const ymd = (date: Date): string => date.toISOString().slice(0, 10);
function shifted(day: string, months: number, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return ymd(new Date(Date.UTC(y, m - 1 + months, d + days)));
}

/** A coarser table: where its period starts for a day, and the start of the next period. */
type Unit = {
  table: 'statistics_weekly' | 'statistics_monthly';
  start(day: string): string;
  next(start: string): string;
};
const MONTHS: Unit = {
  table: 'statistics_monthly',
  start: (day) => `${day.slice(0, 8)}01`,
  next: (start) => shifted(start, 1, 0),
};
const WEEKS: Unit = {
  table: 'statistics_weekly',
  start: (day) => shifted(day, 0, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7)),
  next: (start) => shifted(start, 0, 7),
};

/**
 * Where a range is read from: day groups from the days (from the day totals when `wholeCity`:
 * no service or department narrows it); week groups from the whole ISO weeks inside the range
 * and the days around them; everything else from the whole months inside the range and the days
 * around them.
 */
export function sourcesOf(days: DayRange, grouping: Grouping | null, wholeCity = false): Source[] {
  const daily = (from: string | null, to: string | null): Source => ({ table: 'statistics_daily', from, to });
  if (grouping?.by === 'period' && grouping.period === 'day') {
    return [{ table: wholeCity ? 'statistics_day_totals' : 'statistics_daily', from: days.from, to: days.to }];
  }
  const unit = grouping?.by === 'period' && grouping.period === 'week' ? WEEKS : MONTHS;
  const first =
    days.from === null || unit.start(days.from) === days.from ? days.from : unit.next(unit.start(days.from));
  const afterTo = days.to === null ? null : shifted(days.to, 0, 1);
  const afterLast = afterTo === null ? null : unit.start(afterTo);
  if (first !== null && afterLast !== null && first >= afterLast) return [daily(days.from, days.to)];
  const list: Source[] = [
    { table: unit.table, from: first, to: afterLast === null ? null : shifted(afterLast, 0, -1) },
  ];
  if (days.from !== null && first !== null && days.from < first) list.push(daily(days.from, shifted(first, 0, -1)));
  if (afterLast !== null && days.to !== null && afterLast <= days.to) list.push(daily(afterLast, days.to));
  return list;
}

/** Nothing narrows the filter below a city and a detailed status: the day totals hold its day groups. */
const wholeCity = (filter: RequestFilter): boolean =>
  filter.departments === null && filter.serviceIds === null && filter.departmentId === null;

/** The rollup rows of the filter over the sources' ranges, as one relation `d`. */
function rowsOf(filter: RequestFilter, sources: Source[], params: unknown[]): string {
  return sources
    .map((source) => {
      const conditions = rollupConditions(filter, params);
      const bind = (value: string): string => {
        params.push(value);
        return `$${params.length}::date`;
      };
      if (source.from !== null) conditions.push(`d.day >= ${bind(source.from)}`);
      if (source.to !== null) conditions.push(`d.day <= ${bind(source.to)}`);
      return `SELECT * FROM ${source.table} d WHERE ${conditions.length === 0 ? 'true' : conditions.join(' AND ')}`;
    })
    .join(' UNION ALL ');
}

const TZ = `'${STATISTICS_TIME_ZONE}'`;

/** What a grouping groups rollup rows on: never null inside (department "none" is 0), as the exact query's `g` outside. */
function groupOf(grouping: Grouping | null): { inside: string; outside: string } {
  switch (grouping?.by) {
    case undefined:
      return { inside: '0', outside: 'NULL::int' };
    case 'service':
      return { inside: 'd.service_id', outside: 'g' };
    case 'department':
      return { inside: 'd.department_id', outside: 'nullif(g, 0)' };
    case 'status':
      return { inside: 'd.detailed_status', outside: 'g' };
    case 'period':
      // A day group is the rows of one `day`: grouped on the column itself (half the time of
      // grouping on an expression of it over three years), made the day's start outside.
      return grouping.period === 'day'
        ? { inside: 'd.day', outside: `g::timestamp AT TIME ZONE ${TZ}` }
        : { inside: `date_trunc('${grouping.period}', d.day::timestamp) AT TIME ZONE ${TZ}`, outside: 'g' };
  }
}

/** Pending requests of a row whose deadline has passed by now: all of them unless the latest is still ahead. */
const OVERDUE = `CASE WHEN d.pending = 0 THEN 0
  WHEN d.pending_deadlines[d.pending] < now() THEN d.pending
  ELSE (SELECT count(*)::int FROM unnest(d.pending_deadlines) p WHERE p < now()) END`;

/** The sums of rollup rows `d`; `notNeverPublic` tells a row of a service that is not never-public. */
const counts = (notNeverPublic: string) => `
  sum(d.requests)::int AS count,
  (sum(d.requests) FILTER (WHERE d.status = 'open'))::int AS open,
  (sum(d.requests) FILTER (WHERE d.status = 'closed'))::int AS closed,
  ${DETAILED_STATUSES.map((s) => `(sum(d.requests) FILTER (WHERE d.detailed_status = '${s}'))::int AS ${s.toLowerCase()}`).join(',\n  ')},
  sum(d.started)::int AS started,
  sum(d.sla_handled + ${OVERDUE})::int AS sla_measured,
  sum(d.sla_met)::int AS sla_met,
  (sum(d.publishable) FILTER (WHERE ${notNeverPublic}))::int AS published,
  sum(d.redirected)::int AS redirects,
  sum(d.duplicates)::int AS duplicates,
  sum(d.start_micros) / nullif(sum(d.started), 0) / 3600e6 AS mean_start,
  sum(d.close_micros) / nullif(sum(d.close_count), 0) / 3600e6 AS mean_close,
  sum(d.start_histogram)::text AS start_histogram,
  sum(d.close_histogram)::text AS close_histogram`;

const COUNT_COLUMNS = [
  'count',
  'open',
  'closed',
  ...DETAILED_STATUSES.map((s) => s.toLowerCase()),
  'started',
  'sla_measured',
  'sla_met',
  'published',
  'redirects',
  'duplicates',
];

/**
 * The figures of `filter` over `days` from the rollup, in the exact query's shape (key, label,
 * then OUTPUT, whose medians are null here) and the groups' histograms: groups in their natural
 * order, or with no grouping one totals row, also when nothing matches.
 */
export function rollupSql(
  filter: RequestFilter,
  days: DayRange,
  grouping: Grouping | null,
  locale: string,
): [string, unknown[]] {
  const params: unknown[] = [];
  const group = groupOf(grouping);
  const shape =
    grouping === null ? { key: 'NULL::text', label: 'NULL::text', join: '', order: '1' } : shapeOf(grouping);
  const sources = sourcesOf(days, grouping, wholeCity(filter));
  const rows = rowsOf(filter, sources, params);
  // The day totals know whether a row's service is never-public; the other tables look it up.
  const notNeverPublic = sources.some((source) => source.table === 'statistics_day_totals')
    ? 'NOT d.never_public'
    : 'd.service_id NOT IN (SELECT id FROM service WHERE never_public)';
  const labelled = shape.label.includes('$LOCALE');
  if (labelled) params.push(locale);
  const sql = `
    SELECT ${shape.key} AS key, ${shape.label} AS label, ${OUTPUT}, f.start_histogram, f.close_histogram,
           f.g::text AS group_id
      FROM (SELECT ${group.outside} AS g, ${COUNT_COLUMNS.map((c) => `coalesce(${c}, 0) AS ${c}`).join(', ')},
                   NULL::float8 AS median_start, mean_start, NULL::float8 AS median_close, mean_close,
                   start_histogram, close_histogram
              FROM (SELECT ${group.inside} AS g, ${counts(notNeverPublic)}
                      FROM (${rows}) d
                     ${grouping === null ? '' : 'GROUP BY 1'}) c) f
      ${shape.join}
     ORDER BY ${shape.order}`;
  return [labelled ? sql.replace(/\$LOCALE/g, `$${params.length}`) : sql, params];
}

const hours = (column: string) => `date_part('epoch', ${column} - r.requested_at) / 3600`;

/**
 * Exact medians of the filtered requests per group (`group_id` as in rollupSql), for sets small
 * enough to sort: the same percentile_cont as the exact query, without its other figures.
 */
export function exactMediansSql(filter: RequestFilter, grouping: Grouping | null): [string, unknown[]] {
  const params: unknown[] = [];
  const where = filterConditions(filter, params);
  const group = grouping === null ? 'NULL::text' : `(${shapeOf(grouping).expression})::text`;
  const sql = `
    SELECT ${group} AS group_id,
           round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ${hours('r.first_handled_at')}))::numeric, 2)::float8 AS start,
           round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ${hours('r.closed_at')}))::numeric, 2)::float8 AS close
      FROM service_request r WHERE ${where} GROUP BY 1`;
  return [sql, params];
}
