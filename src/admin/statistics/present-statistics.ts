import { STATUS_LABELS } from '../../domain/status-labels';
import type { ErasureFigures } from '../../repositories/admin/statistics-erasure';
import { STATISTICS_TIME_ZONE } from '../../repositories/admin/statistics-filter';
import { DETAILED_STATUSES, type FiguresRow } from '../../repositories/admin/statistics-repository';
import type { DetailedStatus } from '../../domain/detailed-status';
import type { AskedFilters } from './statistics-query';

export type Figures = Omit<
  FiguresRow,
  'key' | 'label' | 'received' | 'in_process' | 'processed' | 'rejected' | 'archived'
> & { by_detailed_status: Record<DetailedStatus, number> };

export type StatisticsBody = {
  time_zone: string;
  filters: AskedFilters;
  groups: (Figures & { key: string | null; label: string | null })[];
  totals: Figures;
  /** Erasures done in the period (docs/retention.md); not in the CSV. */
  erasure: ErasureFigures;
};

const countOf = (row: FiguresRow, status: DetailedStatus): number =>
  row[status.toLowerCase() as 'received' | 'in_process' | 'processed' | 'rejected' | 'archived'];

function figures(row: FiguresRow): Figures {
  const by = Object.fromEntries(DETAILED_STATUSES.map((s) => [s, countOf(row, s)])) as Record<DetailedStatus, number>;
  return {
    count: row.count,
    open: row.open,
    closed: row.closed,
    by_detailed_status: by,
    started: row.started,
    median_hours_to_start: row.median_hours_to_start,
    mean_hours_to_start: row.mean_hours_to_start,
    median_hours_to_close: row.median_hours_to_close,
    mean_hours_to_close: row.mean_hours_to_close,
    sla_measured: row.sla_measured,
    started_within_sla_share: row.started_within_sla_share,
    published_share: row.published_share,
    redirects: row.redirects,
    duplicates: row.duplicates,
  };
}

function labelOf(row: FiguresRow, asked: AskedFilters): string | null {
  if (asked.group_by !== 'status' || row.key === null) return row.label;
  return STATUS_LABELS[row.key as DetailedStatus][asked.locale];
}

/** The canonical statistics object (schema AdminStatistics); the CSV is rendered from it. */
export function presentStatistics(
  asked: AskedFilters,
  groups: FiguresRow[],
  totals: FiguresRow,
  erasure: ErasureFigures,
): StatisticsBody {
  return {
    time_zone: STATISTICS_TIME_ZONE,
    filters: asked,
    groups: groups.map((row) => ({ key: row.key, label: labelOf(row, asked), ...figures(row) })),
    totals: figures(totals),
    erasure,
  };
}
