import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.argv[2], max: 1 });
const q = async (label: string, sql: string) => {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) { const s = performance.now(); await pool.query(sql); times.push(performance.now() - s); }
  times.sort((a, b) => a - b);
  console.log(label, times.map((x) => x.toFixed(0)).join(' '));
};
(async () => {
  await q('sum requests', `SELECT sum(requests) FROM statistics_daily`);
  await q('7 filtered sums', `SELECT sum(requests), sum(requests) FILTER (WHERE status='open'), sum(requests) FILTER (WHERE status='closed'), sum(requests) FILTER (WHERE detailed_status='RECEIVED'),sum(requests) FILTER (WHERE detailed_status='IN_PROCESS'),sum(requests) FILTER (WHERE detailed_status='PROCESSED'),sum(requests) FILTER (WHERE detailed_status='REJECTED'),sum(requests) FILTER (WHERE detailed_status='ARCHIVED') FROM statistics_daily`);
  await q('group by status', `SELECT status, detailed_status, sum(requests) FROM statistics_daily GROUP BY 1, 2`);
  await q('group by day status', `SELECT day, status, detailed_status, sum(requests) FROM statistics_daily GROUP BY 1, 2, 3`);
  await q('8 plain int sums', `SELECT sum(requests), sum(sla_met), sum(sla_handled), sum(publishable), sum(redirected), sum(duplicates), sum(started), sum(close_count) FROM statistics_daily`);
  await pool.end();
})();
