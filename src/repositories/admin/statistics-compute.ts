import type { Pool } from 'pg';
import { histogramMedian } from '../../domain/statistics-histogram';
import { withLocalSettings } from '../statement-timeout';
import type { RequestFilter } from './statistics-filter';
import { exactMediansSql, rollupDays, rollupSql, type DayRange } from './statistics-rollup';
import { computeExactStatistics, type FiguresRow, type Grouping } from './statistics-repository';

/**
 * Folds the changes queued by the triggers into the rollup (docs/statistics.md): the statistics
 * read runs it first, so they count every change committed before the request; the background
 * job runs it every few seconds so that the queue stays short. Returns how many were folded.
 */
export async function foldStatistics(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ folded: number }>('SELECT statistics_rollup_fold() AS folded');
  return rows[0].folded;
}

/**
 * Up to this many requests medians are sorted exactly from the requests (a few milliseconds);
 * above it they are read from the rollup's histograms (docs/statistics.md).
 */
export const EXACT_MEDIAN_LIMIT = 20000;

/**
 * Memory for summing the groups' histograms: with PostgreSQL's default of 4 MB, the thousand
 * groups of three years by day spilled to disk and took 1.4 × as long (docs/statistics.md).
 */
const ROLLUP_SETTINGS = `SET LOCAL work_mem = '32MB'`;

type RollupRow = FiguresRow & {
  start_histogram: string | null;
  close_histogram: string | null;
  group_id: string | null;
};
type Medians = { start: number | null; close: number | null };

/** A rollup row as the exact query gives it, its medians given or read from its histograms. */
function finished(
  { start_histogram: start, close_histogram: close, group_id: id, ...row }: RollupRow,
  exact: Map<string | null, Medians> | null,
): FiguresRow {
  const medians = exact === null ? null : (exact.get(id) ?? { start: null, close: null });
  return {
    ...row,
    median_hours_to_start: medians === null ? histogramMedian(start) : medians.start,
    median_hours_to_close: medians === null ? histogramMedian(close) : medians.close,
  };
}

async function fromRollup(
  pool: Pool,
  filter: RequestFilter,
  days: DayRange,
  grouping: Grouping | null,
  locale: string,
  exactLimit: number,
): Promise<FiguresRow[]> {
  const sql = rollupSql(filter, days, grouping, locale);
  const { rows } = await withLocalSettings(pool, ROLLUP_SETTINGS, (client) => client.query<RollupRow>(...sql));
  const count = rows.reduce((sum, row) => sum + row.count, 0);
  if (count === 0 || count > exactLimit) return rows.map((row) => finished(row, null));
  const exact = await pool.query<Medians & { group_id: string | null }>(...exactMediansSql(filter, grouping));
  const medians = new Map(exact.rows.map(({ group_id: id, ...m }) => [id, m]));
  return rows.map((row) => finished(row, medians));
}

/**
 * Statistics of the filtered requests: from the daily rollup when the range is whole Helsinki
 * days (every bare-date range), else counted from the requests. Counts are the same both ways;
 * medians are exact up to `exactLimit` requests, above it within the bound of
 * docs/statistics.md. The groups and the totals are two statements run side by side.
 */
export async function computeStatistics(
  pool: Pool,
  filter: RequestFilter,
  grouping: Grouping | null,
  locale: string,
  exactLimit = EXACT_MEDIAN_LIMIT,
): Promise<{ groups: FiguresRow[]; totals: FiguresRow }> {
  const days = rollupDays(filter);
  if (days === null) return computeExactStatistics(pool, filter, grouping, locale);
  await foldStatistics(pool);
  const [totals, groups] = await Promise.all([
    fromRollup(pool, filter, days, null, locale, exactLimit),
    grouping === null ? null : fromRollup(pool, filter, days, grouping, locale, exactLimit),
  ]);
  return { groups: groups ?? [], totals: totals[0] };
}
