import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.argv[2], max: 1 });
const q = async (label: string, sql: string) => {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) { const s = performance.now(); await pool.query(sql); times.push(performance.now() - s); }
  console.log(label, times.map((x) => x.toFixed(0)).join(' '));
};
(async () => {
  await pool.query("SET jit = off; SET work_mem = '128MB'");
  await pool.query(`DROP TABLE IF EXISTS exp_hist; CREATE TABLE exp_hist AS SELECT d.ctid::text AS k,
     (SELECT sum(10::numeric ^ (9 * least(199, greatest(0, floor(ln(greatest(v, 0.01) / 0.01) / ln(1.08))::int)))) FROM unnest(start_hours) v) AS packed,
     (SELECT array_agg(least(199, greatest(0, floor(ln(greatest(v, 0.01) / 0.01) / ln(1.08))::int))::int2) FROM unnest(start_hours) v) AS ids
     FROM statistics_daily d`);
  await pool.query('VACUUM ANALYZE exp_hist');
  await q('packed sum', `SELECT sum(packed) FROM exp_hist`);
  await q('packed sum text', `SELECT length(sum(packed)::text) FROM exp_hist`);
  await q('ids hist', `SELECT b, count(*) FROM exp_hist, unnest(ids) b GROUP BY b`);
  await q('count rows', `SELECT count(*) FROM exp_hist`);
  await pool.end();
})();
