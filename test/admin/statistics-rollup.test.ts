import { createTestContext, type TestContext } from '../support/context';
import { createDepartment, createJurisdiction, createService } from '../support/factories';
import { computeStatistics, EXACT_MEDIAN_LIMIT, foldStatistics } from '../../src/repositories/admin/statistics-compute';
import { medianBound } from '../../src/domain/statistics-histogram';
import type { RequestFilter } from '../../src/repositories/admin/statistics-filter';
import {
  computeExactStatistics,
  type FiguresRow,
  type Grouping,
} from '../../src/repositories/admin/statistics-repository';
import { rollupDays, sourcesOf } from '../../src/repositories/admin/statistics-rollup';
import { parseDateParam } from '../../src/domain/dates';

/**
 * The statistics rollup (docs/statistics.md) against the exact query: generated requests in two
 * cities, then the changes the service makes (status moves, reassignment, redirects added and
 * removed, duplicates, publication, deletion, a service turned never-public), and every grouping
 * under every filter must give the same figures both ways. The rollup after all those trigger
 * updates must also equal one rebuilt from scratch.
 */
let t: TestContext;
const ids = { a: 0, b: 0, c: 0, s1: 0, s2: 0, s3: 0, s4: 0 };

const GENERATE = `
  INSERT INTO service_request (public_id, jurisdiction_id, service_id, department_id, status, detailed_status,
    visibility, publication_consent, requested_at, deadline_at, first_handled_at, closed_at)
  SELECT 'G-' || g, sv.city, sv.id, CASE WHEN random() < 0.1 THEN NULL ELSE sv.department_id END,
         CASE WHEN x.ds < 0.4 THEN 'open' ELSE 'closed' END,
         CASE WHEN x.ds < 0.2 THEN 'RECEIVED' WHEN x.ds < 0.4 THEN 'IN_PROCESS' WHEN x.ds < 0.8 THEN 'PROCESSED'
              WHEN x.ds < 0.9 THEN 'REJECTED' ELSE 'ARCHIVED' END,
         (ARRAY['public', 'pending', 'hidden'])[1 + floor(random() * 3)::int], random() < 0.8,
         x.at,
         CASE WHEN random() < 0.2 THEN NULL WHEN random() < 0.2 THEN now() + random() * interval '3 days'
              ELSE x.at + random() * interval '6 days' END,
         CASE WHEN x.ds >= 0.2 THEN x.at + x.start * interval '1 hour' END,
         CASE WHEN x.ds >= 0.4 THEN x.at + (x.start + random() * 300) * interval '1 hour' END
    FROM generate_series(1, 700) g,
         LATERAL (SELECT random() AS ds, random() * 240 AS start,
                         now() - random() * interval '800 days' + (g % 2) * interval '0 days' AS at OFFSET 0) x,
         LATERAL (SELECT s.id, s.jurisdiction_id AS city, s.department_id FROM service s
                   ORDER BY random() + g * 0 LIMIT 1) sv`;

/** The changes the service makes to requests and events, as SQL, in several statements. */
const CHANGES = [
  // status moves, first handling, closing and reopening
  `UPDATE service_request SET status = 'closed', detailed_status = 'PROCESSED', closed_at = now(),
          first_handled_at = coalesce(first_handled_at, now() - interval '1 hour') WHERE id % 7 = 0`,
  `UPDATE service_request SET status = 'open', detailed_status = 'IN_PROCESS', closed_at = NULL WHERE id % 11 = 0`,
  // reassignment, publication, consent, received time
  `UPDATE service_request SET department_id = NULL WHERE id % 13 = 0`,
  `UPDATE service_request SET visibility = 'public', publication_consent = true WHERE id % 5 = 1`,
  `UPDATE service_request SET requested_at = requested_at - interval '3 days' WHERE id % 17 = 0`,
  // duplicates of the request before, within the city
  `UPDATE service_request r SET duplicate_of = o.id FROM service_request o
    WHERE o.id = r.id - 1 AND o.jurisdiction_id = r.jurisdiction_id AND r.id % 9 = 0`,
  // redirects: single, several in one statement for the same request, one after another
  `INSERT INTO request_event (request_id, kind, public)
     SELECT id, CASE WHEN id % 2 = 0 THEN 'redirected_internal' ELSE 'redirected_external' END, false
       FROM service_request WHERE id % 4 = 0`,
  `INSERT INTO request_event (request_id, kind, public)
     SELECT id, k, false FROM service_request, unnest(ARRAY['redirected_internal', 'redirected_external']) k
      WHERE id % 6 = 1`,
  `INSERT INTO request_event (request_id, kind, public)
     SELECT id, 'redirected_internal', false FROM service_request WHERE id % 8 = 0`,
  `INSERT INTO request_event (request_id, kind, public) SELECT id, 'note', false FROM service_request WHERE id % 3 = 0`,
  // redirects removed: one of two (still redirected), and all of them (no longer)
  `DELETE FROM request_event WHERE kind = 'redirected_external' AND request_id % 6 = 1`,
  `DELETE FROM request_event WHERE kind LIKE 'redirected%' AND request_id % 12 = 0`,
  // a redirected request moved to another row after its redirect
  `UPDATE service_request SET detailed_status = 'ARCHIVED', status = 'closed' WHERE id % 16 = 0`,
  // deletions: with and without events, duplicates first
  `UPDATE service_request SET duplicate_of = NULL WHERE duplicate_of IN (SELECT id FROM service_request WHERE id % 19 = 0)`,
  `DELETE FROM service_request WHERE id % 19 = 0`,
];

const rollupRows = (table: string) => `SELECT jurisdiction_id, day, service_id, department_id, status,
  detailed_status, requests, started, start_micros, start_histogram::text, close_count, close_micros,
  close_histogram::text, pending, pending_deadlines::text, sla_handled, sla_met, publishable, redirected, duplicates
  FROM ${table} ORDER BY 1, 2, 3, 4, 5, 6`;
const ROLLUP_TABLES = ['statistics_daily', 'statistics_weekly', 'statistics_monthly'];
const DAY_TOTALS = `SELECT jurisdiction_id, day, status, detailed_status, never_public, requests, started, start_micros,
  start_histogram::text, close_count, close_micros, close_histogram::text, pending, pending_deadlines::text,
  sla_handled, sla_met, publishable, redirected, duplicates FROM statistics_day_totals ORDER BY 1, 2, 3, 4, 5`;

beforeAll(async () => {
  t = await createTestContext();
  const pool = t.db.pool;
  await createJurisdiction(pool, 'test.fi');
  await createJurisdiction(pool, 'toinen.fi');
  ids.a = await createDepartment(pool, 'test.fi', 'streets', { fi: 'Kadut' });
  ids.b = await createDepartment(pool, 'test.fi', 'parks', { fi: 'Puistot' });
  ids.c = await createDepartment(pool, 'toinen.fi', 'streets', { fi: 'Kadut' });
  ids.s1 = await createService(pool, { code: 'pothole', departmentId: ids.a });
  ids.s2 = await createService(pool, { code: 'park', departmentId: ids.b });
  ids.s3 = await createService(pool, { code: 'other', departmentId: null });
  ids.s4 = await createService(pool, { jurisdictionId: 'toinen.fi', code: 'pothole', departmentId: ids.c });
  await pool.query('SELECT setseed(0.311)');
  await pool.query(GENERATE);
  // Turned never-public once it has requests (its city's day totals are recomputed), before the
  // changes, which stay queued for the first test to fold.
  await pool.query('UPDATE service SET never_public = true WHERE id = $1', [ids.s2]);
  for (const sql of CHANGES) await pool.query(sql);
}, 120000);

afterAll(async () => {
  await t.close();
});

const day = (value: string, end = false) => parseDateParam('d', value, 'Europe/Helsinki', end);
const isoDay = (daysAgo: number) => new Date(Date.now() - daysAgo * 86400000).toISOString().slice(0, 10);

const NONE: RequestFilter = {
  jurisdictionId: null,
  departments: null,
  requestedFrom: null,
  requestedTo: null,
  serviceIds: null,
  departmentId: null,
  detailedStatus: null,
};

/** Named filters, made when the test runs (the ids exist only after beforeAll). */
function filters(): [string, () => RequestFilter][] {
  const list: [string, () => RequestFilter][] = [
    ['everything', () => NONE],
    ['one city', () => ({ ...NONE, jurisdictionId: 'test.fi' })],
    ['the other city', () => ({ ...NONE, jurisdictionId: 'toinen.fi' })],
    ['a handler of A', () => ({ ...NONE, jurisdictionId: 'test.fi', departments: [ids.a] })],
    ['a viewer of A and B', () => ({ ...NONE, jurisdictionId: 'test.fi', departments: [ids.a, ids.b] })],
    ['the last 365 days', () => ({ ...NONE, requestedFrom: day(isoDay(365)) })],
    ['a closed range', () => ({ ...NONE, requestedFrom: day(isoDay(500)), requestedTo: day(isoDay(100), true) })],
    ['whole months', () => ({ ...NONE, requestedFrom: day('2025-01-01'), requestedTo: day('2025-06-30', true) })],
    ['one day', () => ({ ...NONE, requestedFrom: day(isoDay(30)), requestedTo: day(isoDay(30), true) })],
    ['a service code in both cities', () => ({ ...NONE, serviceIds: [ids.s1, ids.s4] })],
    ['a never-public service', () => ({ ...NONE, jurisdictionId: 'test.fi', serviceIds: [ids.s2] })],
    ['a department', () => ({ ...NONE, jurisdictionId: 'test.fi', departmentId: ids.b })],
    ['a detailed status', () => ({ ...NONE, detailedStatus: 'IN_PROCESS' })],
    ['nothing matches', () => ({ ...NONE, jurisdictionId: 'toinen.fi', departments: [] })],
  ];
  return list;
}

const GROUPINGS: (Grouping | null)[] = [
  null,
  { by: 'service', period: 'month' },
  { by: 'department', period: 'month' },
  { by: 'status', period: 'month' },
  { by: 'period', period: 'day' },
  { by: 'period', period: 'week' },
  { by: 'period', period: 'month' },
];

const TIMES = ['mean_hours_to_start', 'mean_hours_to_close', 'median_hours_to_start', 'median_hours_to_close'] as const;

/** The counts and shares, which must be equal; the times are compared apart. */
function counts(row: FiguresRow): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([name]) => !(TIMES as readonly string[]).includes(name)));
}

/** Means: sums added in another order, equal to the printed two decimals give or take one. */
function expectMeansClose(rollup: FiguresRow, exact: FiguresRow): void {
  for (const name of ['mean_hours_to_start', 'mean_hours_to_close'] as const) {
    if (exact[name] === null) expect(rollup[name]).toBeNull();
    else expect(Math.abs((rollup[name] as number) - exact[name])).toBeLessThanOrEqual(0.0100001);
  }
}

/** Medians: equal when sorted exactly, within medianBound when read from histograms. */
function expectMedians(rollup: FiguresRow, exact: FiguresRow, fromHistogram: boolean): void {
  for (const name of ['median_hours_to_start', 'median_hours_to_close'] as const) {
    const value = exact[name];
    if (value === null || !fromHistogram) {
      expect({ [name]: rollup[name] }).toEqual({ [name]: value });
      continue;
    }
    const off = Math.abs((rollup[name] as number) - value);
    if (off > medianBound(value)) throw new Error(`${name} ${rollup[name]} is ${off} h from the exact ${value}`);
  }
}

async function expectSameFigures(filter: RequestFilter, grouping: Grouping | null, locale: string, limit: number) {
  const rollup = await computeStatistics(t.db.pool, filter, grouping, locale, limit);
  const exact = await computeExactStatistics(t.db.pool, filter, grouping, locale);
  expect({ grouping, totals: counts(rollup.totals) }).toEqual({ grouping, totals: counts(exact.totals) });
  expect({ grouping, groups: rollup.groups.map(counts) }).toEqual({ grouping, groups: exact.groups.map(counts) });
  for (const [index, row] of [rollup.totals, ...rollup.groups].entries()) {
    const exactRow = [exact.totals, ...exact.groups][index];
    expectMeansClose(row, exactRow);
    expectMedians(row, exactRow, limit === 0);
  }
}

describe('statistics rollup', () => {
  it('when the triggers have followed every change, then the rollup equals one rebuilt from the requests', async () => {
    expect(Number((await t.db.pool.query('SELECT count(*) FROM statistics_pending')).rows[0].count)).toBeGreaterThan(0);
    await foldStatistics(t.db.pool);
    expect(Number((await t.db.pool.query('SELECT count(*) FROM statistics_pending')).rows[0].count)).toBe(0);
    const read = () => Promise.all([...ROLLUP_TABLES.map(rollupRows), DAY_TOTALS].map((sql) => t.db.pool.query(sql)));
    const kept = await read();
    expect(kept[0].rows.length).toBeGreaterThan(100);
    expect(kept[1].rows.length).toBeGreaterThan(50);
    expect(kept[2].rows.length).toBeGreaterThan(50);
    // Fewer day totals than day rows, and the service turned never-public in beforeAll shows in them.
    expect(kept[3].rows.length).toBeGreaterThan(50);
    expect(kept[3].rows.length).toBeLessThan(kept[0].rows.length);
    expect(kept[3].rows.some((row: { never_public: boolean }) => row.never_public)).toBe(true);
    await t.db.pool.query('SELECT statistics_rollup_rebuild()');
    const rebuilt = await read();
    expect(kept.map((result) => result.rows)).toEqual(rebuilt.map((result) => result.rows));
  });

  it.each(filters())('when filtered by %s, then every grouping gives the exact figures', async (_name, make) => {
    const filter = make();
    expect(rollupDays(filter)).not.toBeNull();
    for (const grouping of GROUPINGS) {
      for (const locale of grouping?.by === 'service' ? ['fi', 'en'] : ['fi']) {
        await expectSameFigures(filter, grouping, locale, EXACT_MEDIAN_LIMIT);
      }
    }
  });

  it.each(filters())(
    'when filtered by %s and medians come from histograms, then they are within the stated bound',
    async (_name, make) => {
      for (const grouping of GROUPINGS) await expectSameFigures(make(), grouping, 'fi', 0);
    },
  );

  it('when the figures are compared, then they are not all zero (the comparison has something to compare)', async () => {
    const { totals, groups } = await computeStatistics(t.db.pool, NONE, { by: 'status', period: 'month' }, 'fi');
    expect(totals.count).toBeGreaterThan(500);
    expect(totals.redirects).toBeGreaterThan(50);
    expect(totals.duplicates).toBeGreaterThan(10);
    expect(totals.published_share).not.toBeNull();
    expect(totals.median_hours_to_start).not.toBeNull();
    expect(totals.sla_measured).toBeGreaterThan(0);
    expect(groups).toHaveLength(5);
  });

  it('when a range has whole weeks or months, then they are read from those and the days around them from the days', () => {
    expect(sourcesOf({ from: '2025-01-15', to: '2025-04-10' }, null)).toEqual([
      { table: 'statistics_monthly', from: '2025-02-01', to: '2025-03-31' },
      { table: 'statistics_daily', from: '2025-01-15', to: '2025-01-31' },
      { table: 'statistics_daily', from: '2025-04-01', to: '2025-04-10' },
    ]);
    expect(sourcesOf({ from: '2025-01-01', to: '2025-02-28' }, null)).toEqual([
      { table: 'statistics_monthly', from: '2025-01-01', to: '2025-02-28' },
    ]);
    expect(sourcesOf({ from: null, to: null }, { by: 'service', period: 'month' })).toEqual([
      { table: 'statistics_monthly', from: null, to: null },
    ]);
    expect(sourcesOf({ from: '2025-01-02', to: '2025-01-30' }, null)).toEqual([
      { table: 'statistics_daily', from: '2025-01-02', to: '2025-01-30' },
    ]);
    expect(sourcesOf({ from: '2025-01-01', to: null }, { by: 'period', period: 'day' })).toEqual([
      { table: 'statistics_daily', from: '2025-01-01', to: null },
    ]);
    // 2025-01-01 is a Wednesday: its week is read from the days, ISO weeks from Monday 6 January
    expect(sourcesOf({ from: '2025-01-01', to: '2025-01-22' }, { by: 'period', period: 'week' })).toEqual([
      { table: 'statistics_weekly', from: '2025-01-06', to: '2025-01-19' },
      { table: 'statistics_daily', from: '2025-01-01', to: '2025-01-05' },
      { table: 'statistics_daily', from: '2025-01-20', to: '2025-01-22' },
    ]);
  });

  it('when a range ends inside a day, then it is not answered from the rollup; bare dates are', () => {
    expect(rollupDays({ ...NONE, requestedFrom: new Date('2026-03-01T10:00:00Z') })).toBeNull();
    expect(rollupDays({ ...NONE, requestedTo: new Date('2026-03-01T10:00:00Z') })).toBeNull();
    expect(rollupDays({ ...NONE, requestedFrom: day('2026-03-29'), requestedTo: day('2026-10-25', true) })).toEqual({
      from: '2026-03-29',
      to: '2026-10-25',
    });
  });

  it('when a fold merges the deadlines of a row, then each removal takes out one occurrence, as one at a time would', async () => {
    const merged = async (list: string, added: string, removed: string) =>
      (
        await t.db.pool.query<{ v: number[] }>(
          'SELECT statistics_sorted_changed($1::int[], $2::int[], $3::int[]) AS v',
          [list, added, removed],
        )
      ).rows[0].v;
    expect(await merged('{1,2,2,5}', '{2,0}', '{2,5}')).toEqual([0, 1, 2, 2]);
    // A value removed more often than it is there is gone, no more.
    expect(await merged('{3}', '{}', '{3,3,4}')).toEqual([]);
    expect(await merged('{1,3}', '{}', '{}')).toEqual([1, 3]);
    expect(await merged('{}', '{4,1,4}', '{}')).toEqual([1, 4, 4]);
  });

  it.each([
    ['in one chunk', 'SELECT statistics_rollup_fold()'],
    ['in chunks of 7', 'SELECT statistics_rollup_fold(7)'],
  ])(
    'when many changes to the same rows are folded at once %s, then the rollup equals one rebuilt',
    async (_name, fold) => {
      const pool = t.db.pool;
      await foldStatistics(pool);
      // Forty new requests of one service on one day, half moved on, a few deleted: one fold.
      await pool.query(
        `INSERT INTO service_request (public_id, jurisdiction_id, service_id, status, detailed_status, visibility,
         requested_at, deadline_at)
       SELECT 'F-' || g, 'toinen.fi', $1, 'open', 'RECEIVED', 'public', now(), now() + (g % 3) * interval '1 day'
         FROM generate_series(1, 40) g`,
        [ids.s4],
      );
      await pool.query(
        `UPDATE service_request SET detailed_status = 'IN_PROCESS', first_handled_at = now()
        WHERE public_id LIKE 'F-%' AND substr(public_id, 3)::int % 2 = 0`,
      );
      await pool.query(`DELETE FROM service_request WHERE public_id LIKE 'F-%' AND substr(public_id, 3)::int % 5 = 0`);
      expect(Number((await pool.query('SELECT count(*) FROM statistics_pending')).rows[0].count)).toBe(40 + 40 + 8);
      expect((await pool.query<{ folded: number }>(`${fold} AS folded`)).rows[0].folded).toBe(88);
      expect(Number((await pool.query('SELECT count(*) FROM statistics_pending')).rows[0].count)).toBe(0);
      const read = () => Promise.all([...ROLLUP_TABLES.map(rollupRows), DAY_TOTALS].map((sql) => pool.query(sql)));
      const folded = await read();
      await pool.query('SELECT statistics_rollup_rebuild()');
      expect(folded.map((result) => result.rows)).toEqual((await read()).map((result) => result.rows));
      await pool.query(`DELETE FROM service_request WHERE public_id LIKE 'F-%'`);
      await foldStatistics(pool);
    },
  );

  it('when a new request comes in, then it counts at once, and a deleted one no longer', async () => {
    const pool = t.db.pool;
    const before = (await computeStatistics(pool, { ...NONE, jurisdictionId: 'toinen.fi' }, null, 'fi')).totals;
    await pool.query(
      `INSERT INTO service_request (public_id, jurisdiction_id, service_id, department_id, status, detailed_status,
         visibility, requested_at, first_handled_at, deadline_at)
       VALUES ('N-1', 'toinen.fi', $1, $2, 'open', 'IN_PROCESS', 'public', now(), now(), now() + interval '1 day')`,
      [ids.s4, ids.c],
    );
    const after = (await computeStatistics(pool, { ...NONE, jurisdictionId: 'toinen.fi' }, null, 'fi')).totals;
    expect(after.count).toBe(before.count + 1);
    expect(after.in_process).toBe(before.in_process + 1);
    expect(after.started).toBe(before.started + 1);
    await pool.query(`DELETE FROM service_request WHERE public_id = 'N-1'`);
    const gone = (await computeStatistics(pool, { ...NONE, jurisdictionId: 'toinen.fi' }, null, 'fi')).totals;
    expect(gone).toEqual(before);
  });
});
