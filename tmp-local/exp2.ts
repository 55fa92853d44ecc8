import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.argv[2], max: 1 });
const q = async (label: string, sql: string) => {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) { const s = performance.now(); await pool.query(sql); times.push(performance.now() - s); }
  console.log(label, times.map((x) => x.toFixed(0)).join(' '));
};
(async () => {
  await pool.query("SET jit = off; SET work_mem = '128MB'");
  await q('counts only', `SELECT sum(requests), sum(requests) FILTER (WHERE status='open'), sum(requests) FILTER (WHERE detailed_status='RECEIVED'),sum(requests) FILTER (WHERE detailed_status='IN_PROCESS'),sum(requests) FILTER (WHERE detailed_status='PROCESSED'),sum(requests) FILTER (WHERE detailed_status='REJECTED'),sum(requests) FILTER (WHERE detailed_status='ARCHIVED'), sum(cardinality(start_hours)), sum(sla_handled), sum(sla_met), sum(publishable), sum(redirected), sum(duplicates) FROM statistics_daily`);
  await q('counts by day', `SELECT day, sum(requests), sum(requests) FILTER (WHERE status='open'), sum(requests) FILTER (WHERE detailed_status='RECEIVED'),sum(requests) FILTER (WHERE detailed_status='IN_PROCESS'),sum(requests) FILTER (WHERE detailed_status='PROCESSED'),sum(requests) FILTER (WHERE detailed_status='REJECTED'),sum(requests) FILTER (WHERE detailed_status='ARCHIVED'), sum(cardinality(start_hours)), sum(sla_handled), sum(sla_met), sum(publishable), sum(redirected), sum(duplicates) FROM statistics_daily GROUP BY day`);
  await q('median start unnest', `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v), avg(v) FROM statistics_daily, unnest(start_hours) v`);
  await q('unnest count only', `SELECT count(v) FROM statistics_daily, unnest(start_hours) v`);
  await q('unnest 365', `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v), avg(v) FROM statistics_daily, unnest(start_hours) v WHERE day > current_date - 365`);
  await q('by day median', `SELECT day, percentile_cont(0.5) WITHIN GROUP (ORDER BY v), avg(v) FROM statistics_daily, unnest(start_hours) v GROUP BY day`);
  await pool.end();
})();
