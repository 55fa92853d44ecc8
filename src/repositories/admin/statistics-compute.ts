import type { Pool } from 'pg';
import type { RequestFilter } from './statistics-filter';
import { rollupDays, rollupSql } from './statistics-rollup';
import { computeExactStatistics, type FiguresRow, type Grouping } from './statistics-repository';

/**
 * Statistics of the filtered requests: from the daily rollup when the range is whole Helsinki
 * days (every bare-date range), else counted from the requests; both give the same figures
 * (docs/statistics.md). The groups and the totals are two statements run side by side.
 */
export async function computeStatistics(
  pool: Pool,
  filter: RequestFilter,
  grouping: Grouping | null,
  locale: string,
): Promise<{ groups: FiguresRow[]; totals: FiguresRow }> {
  const days = rollupDays(filter);
  if (days === null) return computeExactStatistics(pool, filter, grouping, locale);
  const [totals, groups] = await Promise.all([
    pool.query<FiguresRow>(...rollupSql(filter, days, null, locale)),
    grouping === null ? null : pool.query<FiguresRow>(...rollupSql(filter, days, grouping, locale)),
  ]);
  return { groups: groups?.rows ?? [], totals: totals.rows[0] };
}
