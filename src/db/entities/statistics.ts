import { EntitySchema, type EntitySchemaColumnOptions } from 'typeorm';
import { bigserialId } from './columns';
import { ServiceRequestEntity } from './service-request';

/**
 * The statistics rollup (docs/statistics.md): written only by the triggers and functions of its
 * migration and read by src/repositories/admin/statistics-rollup.ts; these entities describe
 * the tables for the schema check.
 */
export type StatisticsRollupRecord = {
  jurisdictionId: string;
  day: string;
  serviceId: number;
  departmentId: number;
  status: string;
  detailedStatus: string;
  requests: number;
  started: number;
  startMicros: string;
  startHistogram: string;
  closeCount: number;
  closeMicros: string;
  closeHistogram: string;
  pending: number;
  pendingDeadlines: Date[];
  slaHandled: number;
  slaMet: number;
  publishable: number;
  redirected: number;
  duplicates: number;
};

const key = (type: string): EntitySchemaColumnOptions => ({ type: type as 'text', primary: true });
const count: EntitySchemaColumnOptions = { type: 'int' };

const VALUE_COLUMNS: Record<string, EntitySchemaColumnOptions> = {
  requests: count,
  started: count,
  startMicros: { type: 'bigint' },
  startHistogram: { type: 'numeric' },
  closeCount: count,
  closeMicros: { type: 'bigint' },
  closeHistogram: { type: 'numeric' },
  pending: count,
  pendingDeadlines: { type: 'timestamptz', array: true },
  slaHandled: count,
  slaMet: count,
  publishable: count,
  redirected: count,
  duplicates: count,
};

const rollup = (name: string) =>
  new EntitySchema<StatisticsRollupRecord>({
    name,
    columns: {
      jurisdictionId: key('text'),
      day: key('date'),
      serviceId: key('int'),
      departmentId: key('int'),
      status: key('text'),
      detailedStatus: key('text'),
      ...VALUE_COLUMNS,
    },
  });

/** Day rows of all services and departments together (1764900000100-statistics-day-totals.ts). */
export const StatisticsDayTotalsEntity = new EntitySchema<
  Omit<StatisticsRollupRecord, 'serviceId' | 'departmentId'> & { neverPublic: boolean }
>({
  name: 'statistics_day_totals',
  columns: {
    jurisdictionId: key('text'),
    day: key('date'),
    status: key('text'),
    detailedStatus: key('text'),
    neverPublic: key('boolean'),
    ...VALUE_COLUMNS,
  },
});

export const StatisticsDailyEntity = rollup('statistics_daily');
export const StatisticsWeeklyEntity = rollup('statistics_weekly');
export const StatisticsMonthlyEntity = rollup('statistics_monthly');

/** A request that was ever redirected, counted once. */
export const StatisticsRedirectedEntity = new EntitySchema<{ requestId: string }>({
  name: 'statistics_redirected',
  columns: {
    requestId: { type: 'bigint', primary: true, foreignKey: { target: ServiceRequestEntity, onDelete: 'CASCADE' } },
  },
});

/** A change queued by the triggers for the next fold. */
export const StatisticsPendingEntity = new EntitySchema<{
  seq: string;
  snapshot: Record<string, unknown>;
  sign: number;
  isRedirected: boolean;
}>({
  name: 'statistics_pending',
  columns: {
    seq: bigserialId,
    snapshot: { type: 'jsonb' },
    sign: { type: 'int' },
    isRedirected: { type: 'boolean' },
  },
});
