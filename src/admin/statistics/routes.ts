import type { Context } from 'koa';
import type { AppDeps } from '../../deps';
import { CONTACT_COLUMNS, EXPORT_COLUMNS, exportRequests } from '../../repositories/admin/statistics-export-repository';
import { countErasures } from '../../repositories/admin/statistics-erasure';
import { computeStatistics } from '../../repositories/admin/statistics-compute';
import { principalOf } from '../authenticate';
import type { RegisterRoutes } from '../types';
import { csvStream, csvText, sendCsv } from './csv';
import { presentStatistics, type StatisticsBody } from './present-statistics';
import { STATISTICS_CSV_COLUMNS, statisticsCsvRows } from './statistics-csv';
import { exportRequest, statisticsRequest } from './statistics-query';

async function statistics(ctx: Context, deps: AppDeps): Promise<{ body: StatisticsBody; separator: ',' | ';' }> {
  const asked = await statisticsRequest(ctx, deps.db.pool);
  const [{ groups, totals }, erasure] = await Promise.all([
    computeStatistics(deps.db.pool, asked.filter, asked.grouping, asked.asked.locale),
    countErasures(deps.db.pool, asked.filter),
  ]);
  return { body: presentStatistics(asked.asked, groups, totals, erasure), separator: asked.separator };
}

/**
 * Admin routes: statistics as JSON and CSV, and the CSV export of filtered requests. Every role,
 * within its departments; contact details in the export for admins only (statistics-query.ts).
 */
export const registerStatisticsRoutes: RegisterRoutes = (routes, deps) => {
  routes.get('/statistics', 'any', async (ctx) => {
    ctx.body = (await statistics(ctx, deps)).body;
  });

  routes.get('/statistics.csv', 'any', async (ctx) => {
    const { body, separator } = await statistics(ctx, deps);
    sendCsv(
      ctx,
      `statistics-${body.filters.group_by ?? 'totals'}`,
      csvText(statisticsCsvRows(body), STATISTICS_CSV_COLUMNS, separator),
    );
  });

  routes.get('/requests.csv', 'any', async (ctx) => {
    const { filter, withContact, separator } = await exportRequest(ctx, deps.db.pool);
    if (withContact) {
      ctx.state.log?.info({ handler_id: principalOf(ctx).id, query: ctx.querystring }, 'contact details exported');
    }
    const columns = withContact ? [...EXPORT_COLUMNS, ...CONTACT_COLUMNS] : EXPORT_COLUMNS;
    const rows = exportRequests(deps.db.pool, filter, withContact);
    const log = (error: Error) => ctx.state.log?.error({ err: error }, 'requests.csv export failed mid-stream');
    sendCsv(ctx, 'requests', csvStream(rows, columns, separator, log));
  });
};
