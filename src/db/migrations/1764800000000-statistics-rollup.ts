import { MigrationInterface, QueryRunner } from 'typeorm';

const TZ = `'Europe/Helsinki'`;
const REDIRECT_KINDS = `('redirected_internal', 'redirected_external')`;
export const KEY = 'jurisdiction_id, day, service_id, department_id, status, detailed_status';

/**
 * The statistics rollup (docs/statistics.md): one row per Helsinki day × city × service ×
 * department × status × detailed status, and the same per ISO week and per month for long ranges, kept up to date by triggers in the transaction of
 * every change, so `GET /admin/v1/statistics` reads a few hundred thousand narrow rows instead
 * of every request. Each row keeps a histogram of its handling times, from which medians are
 * read within a stated bound; counts are exact.
 * `department_id` 0 stands for "no department" (ids start at 1) so that the key is a plain
 * unique index. `statistics_redirected` holds the requests that were ever redirected, one row
 * each, so that a request is counted once however many redirect events it has.
 */
export class StatisticsRollup1764800000000 implements MigrationInterface {
  name = 'StatisticsRollup1764800000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(tableSql(table));
    await q.query(`
      CREATE TABLE statistics_redirected (
        request_id bigint PRIMARY KEY REFERENCES service_request(id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE statistics_pending (
        seq bigserial PRIMARY KEY,
        snapshot jsonb NOT NULL,
        sign integer NOT NULL,
        is_redirected boolean NOT NULL
      )`);
    for (const sql of FUNCTIONS) await q.query(sql);
    for (const sql of TRIGGERS) await q.query(sql);
    await q.query('SELECT statistics_rollup_rebuild()');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER IF EXISTS statistics_events_truncated ON request_event');
    await q.query('DROP TRIGGER IF EXISTS statistics_requests_truncated ON service_request');
    await q.query('DROP TRIGGER IF EXISTS statistics_redirect_added ON request_event');
    await q.query('DROP TRIGGER IF EXISTS statistics_redirect_removed ON request_event');
    await q.query('DROP TRIGGER IF EXISTS statistics_request_inserted ON service_request');
    await q.query('DROP TRIGGER IF EXISTS statistics_request_updated ON service_request');
    await q.query('DROP TRIGGER IF EXISTS statistics_request_deleted ON service_request');
    await q.query('DROP FUNCTION IF EXISTS statistics_truncated()');
    await q.query('DROP FUNCTION IF EXISTS statistics_rollup_rebuild()');
    await q.query('DROP FUNCTION IF EXISTS statistics_redirect_added()');
    await q.query('DROP FUNCTION IF EXISTS statistics_redirect_removed()');
    await q.query('DROP FUNCTION IF EXISTS statistics_request_changed()');
    await q.query('DROP FUNCTION IF EXISTS statistics_rollup_fold()');
    await q.query('DROP FUNCTION IF EXISTS statistics_rollup_queue(service_request, integer, boolean)');
    await q.query('DROP FUNCTION IF EXISTS statistics_rollup_apply(service_request, integer, boolean)');
    await q.query('DROP FUNCTION IF EXISTS statistics_sorted_add(anyarray, anyelement)');
    await q.query('DROP FUNCTION IF EXISTS statistics_sorted_remove(anyarray, anyelement)');
    await q.query('DROP FUNCTION IF EXISTS statistics_histogram_unit(numeric)');
    await q.query('DROP AGGREGATE IF EXISTS array_agg_deadlines(timestamptz[])');
    await q.query('DROP FUNCTION IF EXISTS statistics_bucket(numeric)');
    await q.query('DROP TABLE IF EXISTS statistics_pending');
    await q.query('DROP TABLE IF EXISTS statistics_redirected');
    await q.query('DROP TABLE IF EXISTS statistics_monthly');
    await q.query('DROP TABLE IF EXISTS statistics_weekly');
    await q.query('DROP TABLE IF EXISTS statistics_daily');
  }
}

/** What one request adds to its rollup row; the rebuild and the triggers share these expressions. */
export const DAY = (r: string) => `(${r}.requested_at AT TIME ZONE ${TZ})::date`;
export const START = (r: string) => `extract(epoch FROM ${r}.first_handled_at - ${r}.requested_at)`;
export const CLOSE = (r: string) => `extract(epoch FROM ${r}.closed_at - ${r}.requested_at)`;
export const PENDING = (r: string) => `CASE WHEN ${r}.first_handled_at IS NULL THEN ${r}.deadline_at END`;
export const SLA_HANDLED = (r: string) => `(${r}.deadline_at IS NOT NULL AND ${r}.first_handled_at IS NOT NULL)`;
export const SLA_MET = (r: string) => `coalesce(${r}.first_handled_at <= ${r}.deadline_at, false)`;
export const PUBLISHABLE = (r: string) => `(${r}.visibility = 'public' AND ${r}.publication_consent)`;

const ROW_KEY = (r: string) =>
  `ROW(${r}.jurisdiction_id, ${DAY(r)}, ${r}.service_id, coalesce(${r}.department_id, 0), ${r}.status, ${r}.detailed_status)`;
export const MICROS = (seconds: string) => `(${seconds} * 1000000)::bigint`;

/** Columns whose change can move a request's figures; other updates (texts, updated_at) skip the trigger. */
const WATCHED_COLUMNS = [
  'id',
  'jurisdiction_id',
  'requested_at',
  'service_id',
  'department_id',
  'status',
  'detailed_status',
  'first_handled_at',
  'closed_at',
  'deadline_at',
  'visibility',
  'publication_consent',
  'duplicate_of',
];
/** The advisory lock that keeps folds (and a rebuild) one at a time. */
export const FOLD_LOCK = 7311001;

/** The two levels: whole months for long ranges, days for their ends and for days and weeks. */
export const TABLES = ['statistics_daily', 'statistics_weekly', 'statistics_monthly'] as const;
export type Table = (typeof TABLES)[number];
/** The period each coarser table sums days into. */
export const UNIT = { statistics_weekly: 'week', statistics_monthly: 'month' } as const;

export const VALUES = `requests, started, start_micros, start_histogram, close_count, close_micros, close_histogram,
  pending, pending_deadlines, sla_handled, sla_met, publishable, redirected, duplicates`;

/** The figures of a rollup row (also of statistics_day_totals, 1764900000100-statistics-day-totals.ts). */
export const VALUE_COLUMNS = `requests integer NOT NULL,
      started integer NOT NULL,
      start_micros bigint NOT NULL,
      start_histogram numeric NOT NULL,
      close_count integer NOT NULL,
      close_micros bigint NOT NULL,
      close_histogram numeric NOT NULL,
      pending integer NOT NULL,
      pending_deadlines timestamptz[] NOT NULL,
      sla_handled integer NOT NULL,
      sla_met integer NOT NULL,
      publishable integer NOT NULL,
      redirected integer NOT NULL,
      duplicates integer NOT NULL,`;

/**
 * `day` is the Monday of the ISO week in statistics_weekly, the first day of the month in
 * statistics_monthly. Every new request updates a row of each, so their rows keep room on their
 * page for the next version (HOT updates; the daily table, read whole for day groups, stays
 * dense) and autovacuum comes after 5 % of the rows changed.
 */
function tableSql(table: Table): string {
  return `
    CREATE TABLE ${table} (
      jurisdiction_id text NOT NULL,
      day date NOT NULL,
      service_id integer NOT NULL,
      department_id integer NOT NULL,
      status text NOT NULL,
      detailed_status text NOT NULL,
      ${VALUE_COLUMNS}
      PRIMARY KEY (${KEY})
    ) WITH (${table === 'statistics_daily' ? '' : 'fillfactor = 50, '}autovacuum_vacuum_scale_factor = 0.05)`;
}

/** The part of statistics_rollup_apply that adds `r` to (sign 1) or takes it from (−1) one table's row. */
function applyTo(table: Table): string {
  const day = table === 'statistics_daily' ? DAY('r') : `date_trunc('${UNIT[table]}', ${DAY('r')})::date`;
  const key = `t.jurisdiction_id = r.jurisdiction_id AND t.day = ${day} AND t.service_id = r.service_id
          AND t.department_id = coalesce(r.department_id, 0) AND t.status = r.status
          AND t.detailed_status = r.detailed_status`;
  return `
       IF sign > 0 THEN
         INSERT INTO ${table} AS t (${KEY}, ${VALUES})
         VALUES (r.jurisdiction_id, ${day}, r.service_id, coalesce(r.department_id, 0), r.status,
                 r.detailed_status, 1, (start_s IS NOT NULL)::int, coalesce(${MICROS('start_s')}, 0),
                 statistics_histogram_unit(start_s), (close_s IS NOT NULL)::int, coalesce(${MICROS('close_s')}, 0),
                 statistics_histogram_unit(close_s), (pending_at IS NOT NULL)::int, array_remove(ARRAY[pending_at], NULL),
                 ${SLA_HANDLED('r')}::int, ${SLA_MET('r')}::int, ${PUBLISHABLE('r')}::int, is_redirected::int,
                 (r.duplicate_of IS NOT NULL)::int)
         ON CONFLICT (${KEY}) DO UPDATE SET
           requests = t.requests + 1,
           started = t.started + EXCLUDED.started,
           start_micros = t.start_micros + EXCLUDED.start_micros,
           start_histogram = t.start_histogram + EXCLUDED.start_histogram,
           close_count = t.close_count + EXCLUDED.close_count,
           close_micros = t.close_micros + EXCLUDED.close_micros,
           close_histogram = t.close_histogram + EXCLUDED.close_histogram,
           pending = t.pending + EXCLUDED.pending,
           pending_deadlines = statistics_sorted_add(t.pending_deadlines, pending_at),
           sla_handled = t.sla_handled + EXCLUDED.sla_handled,
           sla_met = t.sla_met + EXCLUDED.sla_met,
           publishable = t.publishable + EXCLUDED.publishable,
           redirected = t.redirected + EXCLUDED.redirected,
           duplicates = t.duplicates + EXCLUDED.duplicates;
       ELSE
         UPDATE ${table} t SET
             requests = t.requests - 1,
             started = t.started - (start_s IS NOT NULL)::int,
             start_micros = t.start_micros - coalesce(${MICROS('start_s')}, 0),
             start_histogram = t.start_histogram - statistics_histogram_unit(start_s),
             close_count = t.close_count - (close_s IS NOT NULL)::int,
             close_micros = t.close_micros - coalesce(${MICROS('close_s')}, 0),
             close_histogram = t.close_histogram - statistics_histogram_unit(close_s),
             pending = t.pending - (pending_at IS NOT NULL)::int,
             pending_deadlines = statistics_sorted_remove(t.pending_deadlines, pending_at),
             sla_handled = t.sla_handled - ${SLA_HANDLED('r')}::int,
             sla_met = t.sla_met - ${SLA_MET('r')}::int,
             publishable = t.publishable - ${PUBLISHABLE('r')}::int,
             redirected = t.redirected - is_redirected::int,
             duplicates = t.duplicates - (r.duplicate_of IS NOT NULL)::int
          WHERE ${key}
         RETURNING t.requests INTO left_over;
         IF left_over = 0 THEN
           DELETE FROM ${table} t WHERE ${key} AND t.requests = 0;
         END IF;
       END IF;`;
}

/** VALUES of the rows `prefix` names (`d.` or none), added together. */
export const summed = (
  prefix: string,
) => `sum(${prefix}requests), sum(${prefix}started), sum(${prefix}start_micros), sum(${prefix}start_histogram),
              sum(${prefix}close_count), sum(${prefix}close_micros), sum(${prefix}close_histogram), sum(${prefix}pending),
              coalesce((SELECT array_agg(p ORDER BY p) FROM unnest(array_agg_deadlines(${prefix}pending_deadlines)) p), '{}'),
              sum(${prefix}sla_handled), sum(${prefix}sla_met), sum(${prefix}publishable), sum(${prefix}redirected), sum(${prefix}duplicates)`;

/** The rebuild of a week or month table from the day table. */
function coarserFromDays(table: 'statistics_weekly' | 'statistics_monthly'): string {
  return `
       DELETE FROM ${table};
       INSERT INTO ${table} (${KEY}, ${VALUES})
       SELECT jurisdiction_id, date_trunc('${UNIT[table]}', day)::date, service_id, department_id, status,
              detailed_status, ${summed('')}
         FROM statistics_daily
        GROUP BY 1, 2, 3, 4, 5, 6;`;
}

export const FUNCTIONS = [
  // Concatenates arrays (the pending deadlines of a month's days).
  `CREATE AGGREGATE array_agg_deadlines(timestamptz[]) (SFUNC = array_cat, STYPE = timestamptz[], INITCOND = '{}')`,
  // The histogram bucket of a handling time (src/domain/statistics-histogram.ts has the same
  // numbers): 0 below 0.1 h, then 5 % wide buckets, the last one open (from about 10 years).
  `CREATE FUNCTION statistics_bucket(seconds numeric) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
     SELECT CASE WHEN seconds < 360 THEN 0
                 ELSE least(282, 1 + floor(ln(seconds::float8 / 360) / ln(1.05))::int) END $$`,
  // One request in a histogram: bucket b is the b-th group of nine decimal digits of a number,
  // so that adding histograms is adding numbers (exact, and one aggregate per histogram).
  `CREATE FUNCTION statistics_histogram_unit(seconds numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
     SELECT CASE WHEN seconds IS NULL THEN 0
                 ELSE ('1' || repeat('0', 9 * statistics_bucket(seconds)))::numeric END $$`,
  // A sorted array with one more value (null: unchanged). New requests come last, so appending is
  // the common case; otherwise the row's few values are sorted again.
  `CREATE FUNCTION statistics_sorted_add(list anyarray, value anyelement) RETURNS anyarray
     LANGUAGE sql IMMUTABLE AS $$
       SELECT CASE WHEN value IS NULL THEN list
                   WHEN cardinality(list) = 0 OR list[cardinality(list)] <= value THEN list || value
                   ELSE (SELECT array_agg(v ORDER BY v) FROM unnest(list || value) v) END $$`,
  // The sorted array without one occurrence of the value (null: unchanged).
  `CREATE FUNCTION statistics_sorted_remove(list anyarray, value anyelement) RETURNS anyarray
     LANGUAGE sql IMMUTABLE AS $$
       SELECT CASE WHEN value IS NULL OR array_position(list, value) IS NULL THEN list
                   ELSE list[:array_position(list, value) - 1] || list[array_position(list, value) + 1:] END $$`,
  `CREATE FUNCTION statistics_rollup_apply(r service_request, sign integer, is_redirected boolean) RETURNS void
     LANGUAGE plpgsql AS $$
     DECLARE
       start_s numeric := ${START('r')};
       close_s numeric := ${CLOSE('r')};
       pending_at timestamptz := ${PENDING('r')};
       left_over integer;
     BEGIN
       ${TABLES.map(applyTo).join('\n')}
     END $$`,
  // A change to fold into the rollup later: the columns the rollup reads (WATCHED_COLUMNS), as they were
  // (sign −1) or are (1). Appending takes no lock that another request's change waits for.
  `CREATE FUNCTION statistics_rollup_queue(r service_request, sign integer, is_redirected boolean) RETURNS void
     LANGUAGE sql AS $$
       INSERT INTO statistics_pending (snapshot, sign, is_redirected)
       VALUES (jsonb_build_object(${WATCHED_COLUMNS.map((c) => `'${c}', r.${c}`).join(', ')}), sign, is_redirected) $$`,
  // Folds the queued changes into the rollup in the order they were made, one fold at a time;
  // returns how many. The statistics route runs it before reading, the worker every few seconds.
  `CREATE FUNCTION statistics_rollup_fold() RETURNS integer LANGUAGE plpgsql AS $$
     DECLARE
       p record;
       folded integer := 0;
     BEGIN
       PERFORM pg_advisory_xact_lock(${FOLD_LOCK});
       FOR p IN WITH taken AS (DELETE FROM statistics_pending RETURNING *) SELECT * FROM taken ORDER BY seq LOOP
         PERFORM statistics_rollup_apply(jsonb_populate_record(NULL::service_request, p.snapshot), p.sign, p.is_redirected);
         folded := folded + 1;
       END LOOP;
       RETURN folded;
     END $$`,
  // A new request has no events yet; a changed one moves between rows (or within one); a deleted
  // one leaves before its events are cascaded away, so its redirect is still known.
  `CREATE FUNCTION statistics_request_changed() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE
       redirected boolean;
     BEGIN
       IF TG_OP = 'INSERT' THEN
         PERFORM statistics_rollup_queue(NEW, 1, false);
         RETURN NULL;
       END IF;
       redirected := EXISTS (SELECT 1 FROM statistics_redirected WHERE request_id = OLD.id);
       IF TG_OP = 'DELETE' THEN
         PERFORM statistics_rollup_queue(OLD, -1, redirected);
         DELETE FROM statistics_redirected WHERE request_id = OLD.id;
         RETURN OLD;
       END IF;
       -- Rows are locked in key order, so that two requests moving opposite ways cannot deadlock.
       IF ${ROW_KEY('OLD')} <= ${ROW_KEY('NEW')} THEN
         PERFORM statistics_rollup_queue(OLD, -1, redirected);
         PERFORM statistics_rollup_queue(NEW, 1, redirected);
       ELSE
         PERFORM statistics_rollup_queue(NEW, 1, redirected);
         PERFORM statistics_rollup_queue(OLD, -1, redirected);
       END IF;
       RETURN NULL;
     END $$`,
  // The first redirect of a request counts it; the unique key settles concurrent ones.
  `CREATE FUNCTION statistics_redirect_added() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE
       r service_request;
       added integer;
     BEGIN
       INSERT INTO statistics_redirected (request_id) VALUES (NEW.request_id) ON CONFLICT DO NOTHING;
       GET DIAGNOSTICS added = ROW_COUNT;
       IF added = 0 THEN RETURN NULL; END IF;
       SELECT * INTO r FROM service_request WHERE id = NEW.request_id;
       PERFORM statistics_rollup_queue(r, -1, false);
       PERFORM statistics_rollup_queue(r, 1, true);
       RETURN NULL;
     END $$`,
  // When the last redirect event of a request goes, so does its count.
  `CREATE FUNCTION statistics_redirect_removed() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE
       r service_request;
       removed integer;
     BEGIN
       IF EXISTS (SELECT 1 FROM request_event WHERE request_id = OLD.request_id AND kind IN ${REDIRECT_KINDS}) THEN
         RETURN NULL;
       END IF;
       DELETE FROM statistics_redirected WHERE request_id = OLD.request_id;
       GET DIAGNOSTICS removed = ROW_COUNT;
       IF removed = 0 THEN RETURN NULL; END IF;
       SELECT * INTO r FROM service_request WHERE id = OLD.request_id;
       IF NOT FOUND THEN RETURN NULL; END IF;
       PERFORM statistics_rollup_queue(r, -1, true);
       PERFORM statistics_rollup_queue(r, 1, false);
       RETURN NULL;
     END $$`,
  // TRUNCATE skips row triggers: emptied requests empty the rollup, emptied events recount it.
  `CREATE FUNCTION statistics_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       PERFORM statistics_rollup_rebuild();
       RETURN NULL;
     END $$`,
  // Recomputes everything from the base tables: the migration's backfill, and after a bulk load
  // that ran with triggers off (scripts/bench/seed.ts).
  `CREATE FUNCTION statistics_rollup_rebuild() RETURNS void LANGUAGE plpgsql AS $$
     BEGIN
       -- Writers in flight finish first and new ones wait: the queue and the base tables then agree.
       LOCK TABLE statistics_pending IN EXCLUSIVE MODE;
       PERFORM pg_advisory_xact_lock(${FOLD_LOCK});
       DELETE FROM statistics_pending;
       DELETE FROM statistics_redirected;
       INSERT INTO statistics_redirected (request_id)
         SELECT DISTINCT request_id FROM request_event WHERE kind IN ${REDIRECT_KINDS};
       DELETE FROM statistics_daily;
       INSERT INTO statistics_daily (${KEY}, ${VALUES})
       SELECT r.jurisdiction_id, ${DAY('r')}, r.service_id, coalesce(r.department_id, 0), r.status,
              r.detailed_status, count(*),
              count(r.first_handled_at), coalesce(sum(${MICROS(START('r'))}), 0),
              sum(statistics_histogram_unit(${START('r')})),
              count(r.closed_at), coalesce(sum(${MICROS(CLOSE('r'))}), 0),
              sum(statistics_histogram_unit(${CLOSE('r')})),
              count(${PENDING('r')}),
              coalesce(array_agg(${PENDING('r')} ORDER BY ${PENDING('r')}) FILTER (WHERE ${PENDING('r')} IS NOT NULL), '{}'),
              count(*) FILTER (WHERE ${SLA_HANDLED('r')}), count(*) FILTER (WHERE ${SLA_MET('r')}),
              count(*) FILTER (WHERE ${PUBLISHABLE('r')}), count(x.request_id), count(r.duplicate_of)
         FROM service_request r LEFT JOIN statistics_redirected x ON x.request_id = r.id
        GROUP BY 1, 2, 3, 4, 5, 6;
       ${(['statistics_weekly', 'statistics_monthly'] as const).map(coarserFromDays).join('\n')}
     END $$`,
];

const row = (alias: string) => `(${WATCHED_COLUMNS.map((c) => `${alias}.${c}`).join(', ')})`;

const TRIGGERS = [
  `CREATE TRIGGER statistics_request_inserted AFTER INSERT ON service_request
     FOR EACH ROW EXECUTE FUNCTION statistics_request_changed()`,
  `CREATE TRIGGER statistics_request_updated AFTER UPDATE ON service_request
     FOR EACH ROW WHEN (${row('OLD')} IS DISTINCT FROM ${row('NEW')}) EXECUTE FUNCTION statistics_request_changed()`,
  `CREATE TRIGGER statistics_request_deleted BEFORE DELETE ON service_request
     FOR EACH ROW EXECUTE FUNCTION statistics_request_changed()`,
  `CREATE TRIGGER statistics_requests_truncated AFTER TRUNCATE ON service_request
     FOR EACH STATEMENT EXECUTE FUNCTION statistics_truncated()`,
  `CREATE TRIGGER statistics_events_truncated AFTER TRUNCATE ON request_event
     FOR EACH STATEMENT EXECUTE FUNCTION statistics_truncated()`,
  `CREATE TRIGGER statistics_redirect_added AFTER INSERT ON request_event
     FOR EACH ROW WHEN (NEW.kind IN ${REDIRECT_KINDS}) EXECUTE FUNCTION statistics_redirect_added()`,
  `CREATE TRIGGER statistics_redirect_removed AFTER DELETE ON request_event
     FOR EACH ROW WHEN (OLD.kind IN ${REDIRECT_KINDS}) EXECUTE FUNCTION statistics_redirect_removed()`,
];
