import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.argv[2], max: 1 });
const q = async (label: string, sql: string) => {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) { const s = performance.now(); await pool.query(sql); times.push(performance.now() - s); }
  times.sort((a, b) => a - b);
  console.log(label, times.map((x) => x.toFixed(0)).join(' '));
};
(async () => {
  await q('count only', `SELECT count(*) FROM statistics_daily`);
  await q('sum requests', `SELECT sum(requests) FROM statistics_daily`);
  await q('7 filtered sums', `SELECT sum(requests), sum(requests) FILTER (WHERE status='open'), sum(requests) FILTER (WHERE status='closed'), sum(requests) FILTER (WHERE detailed_status='RECEIVED'),sum(requests) FILTER (WHERE detailed_status='IN_PROCESS'),sum(requests) FILTER (WHERE detailed_status='PROCESSED'),sum(requests) FILTER (WHERE detailed_status='REJECTED'),sum(requests) FILTER (WHERE detailed_status='ARCHIVED') FROM statistics_daily`);
  await q('overdue', `SELECT sum(CASE WHEN cardinality(d.pending_deadlines) = 0 THEN 0 WHEN d.pending_deadlines[cardinality(d.pending_deadlines)] < now() THEN cardinality(d.pending_deadlines) ELSE 1 END) FROM statistics_daily d`);
  await q('seconds sums', `SELECT sum(start_seconds), sum(close_seconds) FROM statistics_daily`);
  await q('histograms', `SELECT sum(start_histogram), sum(close_histogram) FROM statistics_daily`);
  await q('histograms text', `SELECT sum(start_histogram)::text, sum(close_histogram)::text FROM statistics_daily`);
  await q('by day histograms', `SELECT day, sum(start_histogram)::text, sum(close_histogram)::text FROM statistics_daily GROUP BY day`);
  await pool.end();
})();
