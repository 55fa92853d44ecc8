import { Client } from 'pg';
(async () => {
  const c = new Client({ connectionString: process.argv[2] });
  await c.connect();
  for (const sql of [
    'DROP TABLE IF EXISTS statistics_daily, statistics_monthly, statistics_redirected CASCADE',
    'DROP FUNCTION IF EXISTS statistics_request_changed, statistics_redirect_added, statistics_redirect_removed, statistics_truncated, statistics_rollup_rebuild, statistics_rollup_apply, statistics_sorted_add, statistics_sorted_remove, statistics_histogram_unit, statistics_bucket CASCADE',
    'DROP AGGREGATE IF EXISTS array_agg_deadlines(timestamptz[])',
    "DELETE FROM schema_migration WHERE name = 'StatisticsRollup1764800000000'",
  ]) await c.query(sql);
  await c.end();
})();
