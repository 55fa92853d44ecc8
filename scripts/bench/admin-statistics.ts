/**
 * Benchmark scenario for the admin statistics and CSV export: times
 * GET /admin/v1/statistics for every grouping over all seeded requests and over the last 365
 * days, and streams the full /admin/v1/requests.csv while sampling the service's RSS. Part of
 * `npm run bench`; alone (build, seed or reuse the database, start the service, measure):
 * `npx tsx scripts/bench/admin-statistics.ts` with the same BENCH_* options.
 */
import path from 'node:path';
import type { Pool } from 'pg';
import { insertHandler, issueHandlerToken } from '../../src/repositories/handler-repository';
import { RssSampler, startServer, stopServer, type Server } from './servers';
import { ROOT, runStandalone, standaloneStart, type Log } from './standalone';

const RUNS = 3;
/** Share of seeded requests given a redirect event, so the redirect join has work to do. */
const REDIRECTED_SHARE = 0.02;
const BENCH_ACTOR = 'bench-statistics';

const GROUPINGS = [
  '',
  'group_by=service',
  'group_by=department',
  'group_by=status',
  'group_by=period&period=month',
  'group_by=period&period=week',
  'group_by=period&period=day',
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timeJson(url: string, token: string): Promise<{ ms: number; groups: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { groups?: unknown[] };
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${JSON.stringify(body)}`);
  return { ms: performance.now() - started, groups: body.groups?.length ?? 0 };
}

/** Reads a CSV download to the end without keeping it: bytes, lines and time to the first byte. */
async function drain(
  url: string,
  token: string,
): Promise<{ ms: number; firstByteMs: number; bytes: number; lines: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200 || response.body === null) throw new Error(`${url}: ${response.status}`);
  let firstByteMs = 0;
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body) {
    if (bytes === 0) firstByteMs = performance.now() - started;
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) lines += 1;
  }
  return { ms: performance.now() - started, firstByteMs, bytes, lines };
}

async function withAdminToken<T>(pool: Pool, work: (token: string) => Promise<T>): Promise<T> {
  const id = await insertHandler(pool, { email: `${BENCH_ACTOR}-${Date.now()}@bench.test`, role: 'admin' });
  try {
    return await work(await issueHandlerToken(pool, id, BENCH_ACTOR));
  } finally {
    await pool.query('DELETE FROM handler WHERE id = $1', [id]);
  }
}

async function addRedirects(pool: Pool): Promise<number> {
  const { rowCount } = await pool.query(
    `INSERT INTO request_event (request_id, created_at, kind, public, actor)
     SELECT id, requested_at + interval '1 day', CASE WHEN id % 2 = 0 THEN 'redirected_internal' ELSE 'redirected_external' END,
            false, $1
       FROM service_request WHERE random() < $2`,
    [BENCH_ACTOR, REDIRECTED_SHARE],
  );
  await pool.query('ANALYZE request_event');
  await settleRollup(pool);
  return rowCount ?? 0;
}

/**
 * Folds the changes the redirects queued (each rewrites rollup rows, docs/statistics.md) and
 * compacts the rollup. Redirects made over three years would have been folded a few at a time
 * with autovacuum in between; folding 20 000 at once leaves each month's row with hundreds of
 * dead versions (the monthly table grew from ~1 MB to ~90 MB over three runs, and every read
 * slowed). Also after the run, for the next one.
 */
async function settleRollup(pool: Pool): Promise<void> {
  await pool.query('SELECT statistics_rollup_fold()');
  await pool.query(
    'VACUUM (FULL, ANALYZE) statistics_daily, statistics_weekly, statistics_monthly, statistics_day_totals, statistics_pending, statistics_redirected',
  );
}

async function measureStatistics(base: string, token: string, log: Log): Promise<void> {
  const since = new Date(Date.now() - 365 * 86400000).toISOString().slice(0, 10);
  log('| GET /admin/v1/statistics | groups | all requests, median ms | last 365 days, median ms |');
  log('| --- | ---: | ---: | ---: |');
  for (const grouping of GROUPINGS) {
    const all: number[] = [];
    const year: number[] = [];
    let groups = 0;
    for (let run = 0; run < RUNS; run++) {
      const whole = await timeJson(`${base}/admin/v1/statistics?${grouping}`, token);
      all.push(whole.ms);
      groups = whole.groups;
      year.push((await timeJson(`${base}/admin/v1/statistics?${grouping}&start_date=${since}`, token)).ms);
    }
    log(`| ${grouping || '(totals only)'} | ${groups} | ${median(all).toFixed(0)} | ${median(year).toFixed(0)} |`);
  }
}

async function measureExport(base: string, token: string, rss: RssSampler, log: Log): Promise<void> {
  log();
  log('| GET /admin/v1/requests.csv | rows | MB | first byte ms | total s | rows/s | service peak RSS MB |');
  log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const query of ['', 'include_contact=true']) {
    rss.reset();
    const r = await drain(`${base}/admin/v1/requests.csv?${query}`, token);
    const rows = r.lines - 1;
    log(
      `| ${query || '(all requests)'} | ${rows} | ${(r.bytes / 2 ** 20).toFixed(0)} | ${r.firstByteMs.toFixed(0)} | ${(r.ms / 1000).toFixed(1)} | ${(rows / (r.ms / 1000)).toFixed(0)} | ${rss.peak().toFixed(0)} |`,
    );
  }
}

/** The scenario on a running service (bench.ts calls it after the load rounds). */
export async function benchStatistics(pool: Pool, service: Server, log: Log): Promise<void> {
  log();
  log('### Admin statistics and CSV export (one client, sequential)');
  log();
  const added = await addRedirects(pool);
  const rss = new RssSampler(service.child.pid as number);
  try {
    log(`${added} redirect events added for the run (${REDIRECTED_SHARE * 100} % of requests), removed after.`);
    log();
    await withAdminToken(pool, async (token) => {
      await measureStatistics(service.url, token, log);
      await measureExport(service.url, token, rss, log);
    });
  } finally {
    rss.stop();
    await pool.query('DELETE FROM request_event WHERE actor = $1', [BENCH_ACTOR]);
    await settleRollup(pool);
  }
}

async function main(): Promise<void> {
  const { options, log, seeded } = await standaloneStart();
  const { db } = seeded;
  const service = await startServer(
    'service',
    path.join(ROOT, 'dist/src/main.js'),
    {
      DATABASE_URL: options.databaseUrl,
      // One process: the figures are of one process's memory (docs/scale-out.md, WEB_CONCURRENCY).
      WEB_CONCURRENCY: '1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      NODE_OPTIONS: '--max-old-space-size=192',
      DB_POOL_SIZE: '10',
    },
    '/open311/v2/services.json',
  );
  try {
    await benchStatistics(db.pool, service, log);
  } finally {
    await stopServer(service);
    await db.close();
  }
}

if (require.main === module) runStandalone('statistics', main);
