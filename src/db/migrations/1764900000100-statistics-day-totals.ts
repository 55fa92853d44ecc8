import { MigrationInterface, QueryRunner } from 'typeorm';
import { DAY, FOLD_LOCK, FUNCTIONS, summed, VALUE_COLUMNS, VALUES } from './1764800000000-statistics-rollup';

/**
 * Day groups without a service or department filter read one row per city × day × status ×
 * detailed status × never-public, `statistics_day_totals`, instead of every service's and
 * department's rows of `statistics_daily` (docs/statistics.md, "Day totals"): three years by day
 * summed ~106 000 rows of histograms on a million requests, and the totals hold ~8 000.
 *
 * The totals are always recomputed from `statistics_daily`, never kept apart from it: the fold
 * recomputes the days it touched, a service turned (or no longer) never-public recomputes its
 * city, and the rebuild recomputes everything. `never_public` is the service's flag at that
 * time, so `published` stays the count of publishable requests of services that are not
 * never-public, as the daily rows give it.
 */
const KEY = 'jurisdiction_id, day, status, detailed_status, never_public';

/** The totals of the daily rows that `where` selects (over `statistics_daily d JOIN service s`). */
const totalsOf = (where: string) => `
  INSERT INTO statistics_day_totals (${KEY}, ${VALUES})
  SELECT d.jurisdiction_id, d.day, d.status, d.detailed_status, s.never_public, ${summed('d.')}
    FROM statistics_daily d JOIN service s ON s.id = d.service_id
   WHERE ${where}
   GROUP BY 1, 2, 3, 4, 5`;

/** The fold of 1764800000000-statistics-rollup.ts, which also recomputes the totals of the days it touched. */
export const FOLD = `
  CREATE OR REPLACE FUNCTION statistics_rollup_fold() RETURNS integer LANGUAGE plpgsql AS $$
  DECLARE
    p record;
    r service_request;
    folded integer := 0;
    cities text[] := '{}';
    days date[] := '{}';
  BEGIN
    PERFORM pg_advisory_xact_lock(${FOLD_LOCK});
    FOR p IN WITH taken AS (DELETE FROM statistics_pending RETURNING *) SELECT * FROM taken ORDER BY seq LOOP
      r := jsonb_populate_record(NULL::service_request, p.snapshot);
      PERFORM statistics_rollup_apply(r, p.sign, p.is_redirected);
      cities := cities || r.jurisdiction_id;
      days := days || ${DAY('r')};
      folded := folded + 1;
    END LOOP;
    IF folded > 0 THEN PERFORM statistics_day_totals_refresh(cities, days); END IF;
    RETURN folded;
  END $$`;

/** The rollup's rebuild (1764800000000-statistics-rollup.ts), ending with the totals. */
function rebuild(): string {
  const original = FUNCTIONS.find((sql) => sql.includes('FUNCTION statistics_rollup_rebuild()'));
  if (original === undefined || !original.trimEnd().endsWith('END $$')) {
    throw new Error('the rollup rebuild of 1764800000000-statistics-rollup.ts was not found');
  }
  const body = original.trimEnd().slice(0, -'END $$'.length);
  return `${body.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION')}
         PERFORM statistics_day_totals_rebuild(NULL);
     END $$`;
}

export class StatisticsDayTotals1764900000100 implements MigrationInterface {
  name = 'StatisticsDayTotals1764900000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE statistics_day_totals (
        jurisdiction_id text NOT NULL,
        day date NOT NULL,
        status text NOT NULL,
        detailed_status text NOT NULL,
        never_public boolean NOT NULL,
        ${VALUE_COLUMNS}
        PRIMARY KEY (${KEY})
      ) WITH (autovacuum_vacuum_scale_factor = 0.05)`);
    // The days of the given (city, day) pairs, recomputed.
    await q.query(`
      CREATE FUNCTION statistics_day_totals_refresh(cities text[], days date[]) RETURNS void LANGUAGE sql AS $$
        DELETE FROM statistics_day_totals t USING (SELECT DISTINCT c, d FROM unnest(cities, days) AS k(c, d)) k
         WHERE t.jurisdiction_id = k.c AND t.day = k.d;
        ${totalsOf('(d.jurisdiction_id, d.day) IN (SELECT DISTINCT c, d FROM unnest(cities, days) AS k(c, d))')};
      $$`);
    // One city's days (null: every city's), recomputed.
    await q.query(`
      CREATE FUNCTION statistics_day_totals_rebuild(city text) RETURNS void LANGUAGE sql AS $$
        DELETE FROM statistics_day_totals WHERE city IS NULL OR jurisdiction_id = city;
        ${totalsOf('(city IS NULL OR d.jurisdiction_id = city)')};
      $$`);
    // A service turned never-public (or back): its city's totals, after the queue is folded.
    await q.query(`
      CREATE FUNCTION statistics_service_visibility_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM statistics_rollup_fold();
        PERFORM statistics_day_totals_rebuild(NEW.jurisdiction_id);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER statistics_service_visibility_changed AFTER UPDATE OF never_public ON service
        FOR EACH ROW WHEN (OLD.never_public IS DISTINCT FROM NEW.never_public)
        EXECUTE FUNCTION statistics_service_visibility_changed()`);
    await q.query(FOLD);
    await q.query(rebuild());
    await q.query('SELECT statistics_rollup_fold()');
    await q.query('SELECT statistics_day_totals_rebuild(NULL)');
  }

  async down(q: QueryRunner): Promise<void> {
    const fold = FUNCTIONS.find((sql) => sql.includes('FUNCTION statistics_rollup_fold()'));
    const original = FUNCTIONS.find((sql) => sql.includes('FUNCTION statistics_rollup_rebuild()'));
    for (const sql of [fold, original]) {
      if (sql !== undefined) await q.query(sql.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
    }
    await q.query('DROP TRIGGER IF EXISTS statistics_service_visibility_changed ON service');
    await q.query('DROP FUNCTION IF EXISTS statistics_service_visibility_changed()');
    await q.query('DROP FUNCTION IF EXISTS statistics_day_totals_rebuild(text)');
    await q.query('DROP FUNCTION IF EXISTS statistics_day_totals_refresh(text[], date[])');
    await q.query('DROP TABLE IF EXISTS statistics_day_totals');
  }
}
