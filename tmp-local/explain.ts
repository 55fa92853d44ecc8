import { Pool } from 'pg';
import { rollupSql } from '../src/repositories/admin/statistics-rollup';
const pool = new Pool({ connectionString: process.argv[2] });
const NONE = { jurisdictionId: null, departments: null, requestedFrom: null, requestedTo: null, serviceIds: null, departmentId: null, detailedStatus: null };
(async () => {
  const [sql, params] = rollupSql(NONE, { from: null, to: null }, null, 'fi');
  const { rows } = await pool.query('EXPLAIN (ANALYZE, BUFFERS) ' + sql, params);
  console.log(rows.map((r: any) => r['QUERY PLAN']).join('\n'));
  await pool.end();
})();
