import { DETAILED_STATUSES } from '../../repositories/admin/statistics-repository';
import type { Figures, StatisticsBody } from './present-statistics';

const FIGURE_COLUMNS = [
  'count',
  'open',
  'closed',
  ...DETAILED_STATUSES.map((s) => s.toLowerCase()),
  'started',
  'median_hours_to_start',
  'mean_hours_to_start',
  'median_hours_to_close',
  'mean_hours_to_close',
  'sla_measured',
  'started_within_sla_share',
  'published_share',
  'redirects',
  'duplicates',
];

/** `row` is `group` or `total`: a group's key can be anything a service code can be, even "total". */
export const STATISTICS_CSV_COLUMNS = ['row', 'key', 'label', ...FIGURE_COLUMNS];

function flat(figures: Figures): Record<string, unknown> {
  const { by_detailed_status: by, ...rest } = figures;
  return { ...rest, ...Object.fromEntries(DETAILED_STATUSES.map((s) => [s.toLowerCase(), by[s]])) };
}

/** The statistics object as CSV records: the groups in order, then the totals. */
export function statisticsCsvRows(body: StatisticsBody): Record<string, unknown>[] {
  return [
    ...body.groups.map(({ key, label, ...figures }) => ({ row: 'group', key, label, ...flat(figures) })),
    { row: 'total', key: null, label: null, ...flat(body.totals) },
  ];
}
