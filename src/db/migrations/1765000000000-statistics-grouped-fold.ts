import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  CLOSE,
  DAY,
  FOLD_LOCK,
  KEY,
  MICROS,
  PENDING,
  PUBLISHABLE,
  SLA_HANDLED,
  SLA_MET,
  START,
  TABLES,
  UNIT,
  VALUES,
  type Table,
} from './1764800000000-statistics-rollup';
import { FOLD as ONE_BY_ONE } from './1764900000100-statistics-day-totals';

/**
 * The fold applies the queued changes per rollup row instead of one by one (docs/statistics.md,
 * "A fold groups its changes"): each day, week and month row is updated once per fold with the
 * sum of its changes. One by one, every POST of one service on one day updated the same three
 * rows again in the fold's single transaction, and each update walked past all the row's earlier
 * versions from that transaction: a fold of ~1 000 such changes took about 1.2 s of PostgreSQL
 * and left as many dead versions. The figures are the same sums; deadlines added and removed are
 * merged as multisets, which is what adding and removing them one at a time gives.
 */
const KEY_COLUMNS = KEY.split(', ');
/** The figure columns of a rollup row, in the order of VALUES. */
const VALUE_COLUMNS = VALUES.split(/,\s*/);

/** A sorted array with `added` put in and one occurrence of each of `removed` taken out. */
const SORTED_CHANGED = `
  CREATE FUNCTION statistics_sorted_changed(list anyarray, added anyarray, removed anyarray) RETURNS anyarray
    LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE WHEN cardinality(added) = 0 AND cardinality(removed) = 0 THEN list
                  ELSE coalesce((
                    SELECT array_agg(k.v ORDER BY k.v)
                      FROM (SELECT v, row_number() OVER (PARTITION BY v) AS n FROM unnest(list || added) v) k
                      LEFT JOIN (SELECT v, count(*) AS n FROM unnest(removed) v GROUP BY v) x ON x.v = k.v
                     WHERE k.n > coalesce(x.n, 0)), list[0:0]) END $$`;

/** The queued changes `taken`, summed per row of `table`. */
function groupedChanges(table: Table): string {
  const day = table === 'statistics_daily' ? DAY('r') : `date_trunc('${UNIT[table]}', ${DAY('r')})::date`;
  const signed = (condition: string) => `sum(p.sign * (${condition})::int)::int`;
  const pending = PENDING('r');
  return `
    SELECT r.jurisdiction_id, ${day} AS day, r.service_id, coalesce(r.department_id, 0) AS department_id,
           r.status, r.detailed_status,
           sum(p.sign)::int AS requests,
           ${signed(`${START('r')} IS NOT NULL`)} AS started,
           sum(p.sign * coalesce(${MICROS(START('r'))}, 0))::bigint AS start_micros,
           sum(p.sign * statistics_histogram_unit(${START('r')})) AS start_histogram,
           ${signed(`${CLOSE('r')} IS NOT NULL`)} AS close_count,
           sum(p.sign * coalesce(${MICROS(CLOSE('r'))}, 0))::bigint AS close_micros,
           sum(p.sign * statistics_histogram_unit(${CLOSE('r')})) AS close_histogram,
           ${signed(`${pending} IS NOT NULL`)} AS pending,
           coalesce(array_agg(${pending}) FILTER (WHERE p.sign > 0 AND ${pending} IS NOT NULL), '{}') AS added,
           coalesce(array_agg(${pending}) FILTER (WHERE p.sign < 0 AND ${pending} IS NOT NULL), '{}') AS removed,
           ${signed(SLA_HANDLED('r'))} AS sla_handled,
           ${signed(SLA_MET('r'))} AS sla_met,
           ${signed(PUBLISHABLE('r'))} AS publishable,
           ${signed('p.is_redirected')} AS redirected,
           ${signed('r.duplicate_of IS NOT NULL')} AS duplicates
      FROM unnest(taken) p, LATERAL jsonb_populate_record(NULL::service_request, p.snapshot) r
     GROUP BY 1, 2, 3, 4, 5, 6`;
}

/**
 * One table's rows changed by `taken`: a row left with no requests is deleted, others are added
 * to, and rows not there yet are inserted (folds run one at a time, so nothing else writes them).
 */
function applyGrouped(table: Table): string {
  const sameKey = (alias: string) => KEY_COLUMNS.map((c) => `${alias}.${c} = g.${c}`).join(' AND ');
  // The figures that are plain sums; requests decide the row's fate, deadlines are merged.
  const sums = VALUE_COLUMNS.filter((c) => c !== 'requests' && c !== 'pending_deadlines')
    .map((c) => `${c} = t.${c} + g.${c}`)
    .join(', ');
  const inserted = VALUE_COLUMNS.map((c) =>
    c === 'pending_deadlines' ? `statistics_sorted_changed('{}'::timestamptz[], g.added, g.removed)` : `g.${c}`,
  ).join(', ');
  return `
    WITH g AS (${groupedChanges(table)}),
    gone AS (
      DELETE FROM ${table} t USING g WHERE ${sameKey('t')} AND t.requests + g.requests = 0 RETURNING t.*
    ),
    kept AS (
      UPDATE ${table} t SET requests = t.requests + g.requests, ${sums},
             pending_deadlines = statistics_sorted_changed(t.pending_deadlines, g.added, g.removed)
        FROM g WHERE ${sameKey('t')} AND t.requests + g.requests <> 0 RETURNING t.*
    )
    INSERT INTO ${table} (${KEY}, ${VALUES})
    SELECT ${KEY_COLUMNS.map((c) => `g.${c}`).join(', ')}, ${inserted}
      FROM g
     WHERE g.requests > 0
       AND NOT EXISTS (SELECT 1 FROM gone u WHERE ${sameKey('u')})
       AND NOT EXISTS (SELECT 1 FROM kept u WHERE ${sameKey('u')});`;
}

/**
 * The queue is taken in chunks of at most `chunk` changes, oldest first, so that a fold after a
 * bulk change holds a bounded array in memory; each chunk is grouped and written as above.
 */
const FOLD = `
  CREATE FUNCTION statistics_rollup_fold(chunk integer DEFAULT 10000) RETURNS integer LANGUAGE plpgsql AS $$
  DECLARE
    taken statistics_pending[];
    cities text[];
    days date[];
    folded integer := 0;
  BEGIN
    PERFORM pg_advisory_xact_lock(${FOLD_LOCK});
    LOOP
      WITH q AS (
        DELETE FROM statistics_pending
         WHERE seq IN (SELECT seq FROM statistics_pending ORDER BY seq LIMIT chunk)
        RETURNING *)
      SELECT coalesce(array_agg(ROW(q.seq, q.snapshot, q.sign, q.is_redirected)::statistics_pending), '{}')
        INTO taken FROM q;
      EXIT WHEN cardinality(taken) = 0;
      ${TABLES.map(applyGrouped).join('\n')}
      SELECT array_agg(r.jurisdiction_id), array_agg(${DAY('r')}) INTO cities, days
        FROM unnest(taken) p, LATERAL jsonb_populate_record(NULL::service_request, p.snapshot) r;
      PERFORM statistics_day_totals_refresh(cities, days);
      folded := folded + cardinality(taken);
      EXIT WHEN cardinality(taken) < chunk;
    END LOOP;
    RETURN folded;
  END $$`;

export class StatisticsGroupedFold1765000000000 implements MigrationInterface {
  name = 'StatisticsGroupedFold1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(SORTED_CHANGED);
    // The fold takes its chunk size now; callers keep calling it without one.
    await q.query('DROP FUNCTION statistics_rollup_fold()');
    await q.query(FOLD);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION IF EXISTS statistics_rollup_fold(integer)');
    await q.query(ONE_BY_ONE);
    await q.query('DROP FUNCTION IF EXISTS statistics_sorted_changed(anyarray, anyarray, anyarray)');
  }
}
