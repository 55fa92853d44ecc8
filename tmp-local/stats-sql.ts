import { Pool } from 'pg';
import { computeStatistics } from '../src/repositories/admin/statistics-compute';
import { rollupSql } from '../src/repositories/admin/statistics-rollup';
import { parseDateParam } from '../src/domain/dates';
const pool = new Pool({ connectionString: process.argv[2] });
const NONE = { jurisdictionId: null, departments: null, requestedFrom: null, requestedTo: null, serviceIds: null, departmentId: null, detailedStatus: null };
(async () => {
  const since = new Date(Date.now() - 365 * 86400000).toISOString().slice(0, 10);
  const { rows } = await pool.query('EXPLAIN ' + rollupSql(NONE, { from: null, to: null }, { by: 'period', period: 'day' }, 'fi')[0]);
  console.log(rows.slice(0, 3).map((r: any) => r['QUERY PLAN']).join('\n'));
  for (const g of [null, { by: 'service', period: 'month' }, { by: 'department', period: 'month' }, { by: 'status', period: 'month' }, { by: 'period', period: 'month' }, { by: 'period', period: 'week' }, { by: 'period', period: 'day' }] as any[]) {
    const line: string[] = [];
    for (const f of [NONE, { ...NONE, requestedFrom: parseDateParam('s', since, 'Europe/Helsinki') }]) {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) { const s = performance.now(); await computeStatistics(pool, f as any, g, 'fi'); times.push(performance.now() - s); }
      line.push(times.map((x) => x.toFixed(0)).join('/'));
    }
    console.log(g?.by ?? 'totals', g?.period ?? '', line.join('  |  '));
  }
  await pool.end();
})();
