import { Pool } from 'pg';
import { rollupSql } from '/work/wt/stats/src/repositories/admin/statistics-rollup';
import { parseDateParam } from '/work/wt/stats/src/domain/dates';
const pool = new Pool({ connectionString: process.argv[2] });
const NONE = { jurisdictionId: null, departments: null, requestedFrom: null, requestedTo: null, serviceIds: null, departmentId: null, detailedStatus: null };
(async () => {
  const since = new Date(Date.now() - 365 * 86400000).toISOString().slice(0, 10);
  for (const g of [null, { by: 'service', period: 'month' }, { by: 'period', period: 'day' }] as any[]) {
    for (const [name, f] of [['all', NONE], ['365', { ...NONE, requestedFrom: parseDateParam('s', since, 'Europe/Helsinki') }]] as any[]) {
      const [sql, params] = rollupSql(f, { from: f.requestedFrom ? since : null, to: null }, g, 'fi');
      const times: number[] = [];
      for (let i = 0; i < 3; i++) { const s = performance.now(); await pool.query(sql, params); times.push(performance.now() - s); }
      console.log(g?.by ?? 'totals', g?.period ?? '', name, times.map((x) => x.toFixed(0)).join(' '));
      if (process.argv[3]) { const { rows } = await pool.query('EXPLAIN (ANALYZE, BUFFERS) ' + sql, params); console.log(rows.map((r: any) => r['QUERY PLAN']).join('\n')); }
    }
  }
  await pool.end();
})();
