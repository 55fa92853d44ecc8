import { Client } from 'pg';
import { StatisticsRollup1764800000000 } from '../src/db/migrations/1764800000000-statistics-rollup';
(async () => {
  const c = new Client({ connectionString: process.argv[2] });
  await c.connect();
  await new StatisticsRollup1764800000000().down({ query: (sql: string) => c.query(sql) } as never);
  await c.query(`DELETE FROM migrations WHERE name = 'StatisticsRollup1764800000000'`);
  await c.end();
})();
