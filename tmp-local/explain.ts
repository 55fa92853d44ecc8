import { Pool } from 'pg';
import { rollupSql } from '../src/repositories/admin/statistics-rollup';
const pool = new Pool({ connectionString: process.argv[2] });
const NONE = { jurisdictionId: null, departments: null, requestedFrom: null, requestedTo: null, serviceIds: null, departmentId: null, detailedStatus: null };
(async () => {
  const [sql, params] = rollupSql(NONE, { from: null, to: null }, { by: 'period', period: process.argv[3] as any }, 'fi');
  const { rows } = await pool.query('EXPLAIN (ANALYZE, BUFFERS) ' + sql, params);
  console.log(rows.map((r: any) => r['QUERY PLAN']).join('\n'));
  let s = performance.now(); const r = await pool.query(sql, params); console.log('query+transfer', performance.now() - s, JSON.stringify(r.rows).length);
  await pool.end();
})();
