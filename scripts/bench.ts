/**
 * `npm run bench`: seeds PostgreSQL with generated requests, starts the built service and a bare
 * Koa + pg baseline as child processes, drives both with autocannon in interleaved rounds over
 * loopback and prints README-ready Markdown: throughput, latency, ratios to the baselines, peak RSS
 * and the spatial query plans. Options: see scripts/bench/options.ts. Exits non-zero only on a crash.
 */
import os from 'node:os';
import path from 'node:path';
import type { Pool } from 'pg';
import { createApplication } from '../src/repositories/application-repository';
import { benchStatistics } from './bench/admin-statistics';
import {
  endpoints,
  loadWorkload,
  selectEndpoints,
  spatialQueries,
  type Endpoint,
  type Workload,
} from './bench/endpoints';
import { explainSpatial, sqlTimings } from './bench/explain';
import { runLoad, type RunResult } from './bench/load';
import { readOptions, type BenchOptions } from './bench/options';
import { probe } from './bench/probe';
import { benchPhotoBurst } from './bench/photo-burst';
import { benchBodySize } from './bench/body-size';
import { START_ENV } from './bench/start-env';
import { MAX_STEAL, memoryTable, problems, resultsTable, summarise, type Run } from './bench/report';
import { prepareDatabase, removeBenchWrites, settle } from './bench/seed';
import { build, RssSampler, startServer, stopServer, type Server } from './bench/servers';

// tsx runs this file from scripts/; the compiled copy lives in dist/scripts/.
const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');
const WARM_UP_SECONDS = 2;
/** Per-minute POST and GET limits given to the service: far above what one load generator can send. */
const RATE_LIMIT = 1000000;

type Servers = { service: Server; baseline: Server; rss: { service: RssSampler; baseline: RssSampler } };

const log = (line = '') => process.stdout.write(`${line}\n`);
/** The 1, 5 and 15-minute load averages: the machine is shared, so every round states how busy it was. */
const loadAverage = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const pid = (server: Server) => server.child.pid as number;

async function printMachine(pool: Pool, options: BenchOptions): Promise<void> {
  const { rows } = await pool.query<{ pg: string; postgis: string }>(
    `SELECT current_setting('server_version') AS pg, postgis_lib_version() AS postgis`,
  );
  log('## palaute311 benchmark');
  log();
  log(
    `- machine: ${os.availableParallelism()} vCPU (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}`,
  );
  log(
    `- node ${process.version}, PostgreSQL ${rows[0].pg}, PostGIS ${rows[0].postgis}, autocannon 9 in the bench process`,
  );
  log(
    `- service env: ${Object.entries(START_ENV)
      .map(([k, v]) => `${k}=${v}`)
      .join(
        ' ',
      )} NODE_ENV=production LOG_LEVEL=warn CATALOGUE_CACHE_SECONDS=60 RATE_LIMIT_POSTS_PER_KEY=RATE_LIMIT_POSTS_PER_ADDRESS=RATE_LIMIT_GETS_PER_ADDRESS=${RATE_LIMIT}`,
  );
  log(
    `- options: BENCH_REQUESTS=${options.requests} BENCH_DURATION=${options.duration}s BENCH_ROUNDS=${options.rounds} BENCH_CONNECTIONS=${options.connections} BENCH_DATABASE_URL=${options.databaseUrl}${options.only.length > 0 ? ` BENCH_ONLY=${options.only.join(',')}` : ''}${options.extras ? '' : ' BENCH_EXTRAS=0'}${options.webConcurrency === null ? '' : ` BENCH_WEB_CONCURRENCY=${options.webConcurrency}`}${options.publicCacheSeconds === null ? '' : ` BENCH_PUBLIC_CACHE_SECONDS=${options.publicCacheSeconds}`}`,
  );
  log(
    `- service processes: ${workers(options.webConcurrency)} HTTP worker(s)${options.webConcurrency === null ? " (the service's default: one per core)" : ''}, each with DB_POOL_SIZE = 10 ÷ workers (its default); peak RSS is the largest process's`,
  );
  log(`- load average at the start: ${loadAverage()}`);
}

/** How many HTTP workers the service runs: as asked, else its default on PostgreSQL (src/config.ts). */
const workers = (asked: number | null) => asked ?? os.availableParallelism();

async function startServers(
  databaseUrl: string,
  webConcurrency: number | null,
  publicCacheSeconds: number | null,
): Promise<Servers> {
  const service = await startServer(
    'service',
    path.join(ROOT, 'dist/src/main.js'),
    {
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      // The heap limit and malloc settings `npm start` and the Docker image use (docs/benchmarks.md: Memory).
      ...START_ENV,
      // The photo burst's stored photos go to a scratch folder, not ./data.
      MEDIA_DIR: path.join(os.tmpdir(), 'palaute311-bench-media'),
      CATALOGUE_CACHE_SECONDS: '60',
      // One worker per core unless asked, each with its share of 10 connections: how a city runs it (docs/scale-out.md).
      ...(webConcurrency === null ? {} : { WEB_CONCURRENCY: String(webConcurrency) }),
      // One client address and one key send everything: limits high enough never to trip (the limiter still runs).
      RATE_LIMIT_POSTS_PER_KEY: String(RATE_LIMIT),
      RATE_LIMIT_POSTS_PER_ADDRESS: String(RATE_LIMIT),
      RATE_LIMIT_GETS_PER_ADDRESS: String(RATE_LIMIT),
      // Lists answered from the public answer cache unless told (docs/scale-out.md, "Public answers").
      ...(publicCacheSeconds === null ? {} : { PUBLIC_CACHE_SECONDS: String(publicCacheSeconds) }),
    },
    '/open311/v2/services.json',
  );
  const baseline = await startServer(
    'baseline',
    path.join(ROOT, 'dist/scripts/bench/baseline-server.js'),
    {
      DATABASE_URL: databaseUrl,
      NODE_ENV: 'production',
    },
    '/health',
  );
  return { service, baseline, rss: { service: new RssSampler(pid(service)), baseline: new RssSampler(pid(baseline)) } };
}

const serverOf = (servers: Servers, endpoint: Endpoint) =>
  endpoint.target === 'service' ? servers.service : servers.baseline;

async function probeAll(servers: Servers, list: Endpoint[]): Promise<void> {
  log();
  log('### Probe: 20 drawn requests per endpoint before measuring');
  log();
  log('| endpoint | status codes | mean bytes | items per response |');
  log('| --- | --- | ---: | --- |');
  const failures: string[] = [];
  for (const endpoint of list) {
    const p = await probe(serverOf(servers, endpoint).url, endpoint);
    log(`| ${endpoint.label} | ${p.statuses} | ${p.bytes} | ${p.items} |`);
    if (p.problem) failures.push(`${endpoint.key}: ${p.problem}`);
  }
  for (const failure of failures) log(`\n**PROBE PROBLEM** ${failure}`);
}

function progress(round: number, endpoint: Endpoint, r: RunResult): string {
  const flags = [
    r.steal > MAX_STEAL ? ' STEAL>5%: dropped' : '',
    r.non2xx + r.errors > 0 ? ` NON-2XX ${r.non2xx} ERRORS ${r.errors}` : '',
  ].join('');
  return `  round ${round} ${endpoint.key.padEnd(13)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  CPU server ${r.serverCpu.toFixed(0)}% pg ${r.postgresCpu.toFixed(0)}% client ${r.clientCpu.toFixed(0)}%  RSS ${r.rss.toFixed(0)} MB  steal ${(100 * r.steal).toFixed(1)}%${flags}`;
}

async function measure(
  servers: Servers,
  list: Endpoint[],
  options: BenchOptions,
  between: () => Promise<void>,
): Promise<Run[]> {
  const run = (endpoint: Endpoint, seconds: number) => {
    const server = serverOf(servers, endpoint);
    const rss = endpoint.target === 'service' ? servers.rss.service : servers.rss.baseline;
    return runLoad(server.url, endpoint.draw, seconds, options.connections, { pid: pid(server), rss });
  };
  log();
  log(`warm-up: ${WARM_UP_SECONDS} s per endpoint…`);
  for (const endpoint of list) await run(endpoint, WARM_UP_SECONDS);
  const runs: Run[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    await between();
    log(`round ${round}/${options.rounds} (load average ${loadAverage()}):`);
    for (const endpoint of list) {
      const result = await run(endpoint, options.duration);
      runs.push({ round, key: endpoint.key, result });
      log(progress(round, endpoint, result));
    }
  }
  return runs;
}

function printResults(list: Endpoint[], runs: Run[], servers: Servers): void {
  const summaries = summarise(list, runs);
  const dropped = summaries.reduce((sum, s) => sum + s.dropped, 0);
  const hwm = servers.rss.service.largestHwm();
  log();
  log('### Results');
  log();
  log(resultsTable(summaries));
  log();
  log(
    `Medians over ${runs.length / list.length} interleaved rounds of ${runs.length > 0 ? 'each endpoint' : '-'}; ${dropped} run(s) with more than ${MAX_STEAL * 100}% CPU steal dropped from the medians. Ratios are medians of same-round ratios.`,
  );
  log();
  log(
    memoryTable(
      {
        peak: servers.rss.service.overallPeak(),
        hwm,
        sum: servers.rss.service.sumPeak(),
        processes: servers.rss.service.processes(),
      },
      servers.rss.baseline.overallPeak(),
    ),
  );
  const bad = problems(runs);
  if (bad.length > 0) {
    log();
    log('**Non-2xx responses or errors (these runs measured error pages):**');
    for (const line of bad) log(`- ${line}`);
  }
}

async function printPlans(pool: Pool, workload: Workload): Promise<void> {
  const queries = spatialQueries(workload);
  log();
  log('### Query plans of the spatial queries');
  for (const [name, query] of Object.entries(queries)) {
    const { markdown } = await explainSpatial(pool, name, query);
    log();
    log(markdown);
  }
  const shapes: [string, () => string][] = [
    ['default (1000, last 90 days)', () => ''],
    [
      'service_code, page_size=50',
      () => `service_code=${workload.services[Math.floor(Math.random() * workload.services.length)].code}&page_size=50`,
    ],
    ['bbox, page_size=100', () => spatialQueries(workload).bbox],
    ['radius, page_size=100', () => spatialQueries(workload).radius],
  ];
  log();
  log("### SQL execution time of the service's statements (EXPLAIN ANALYZE, median of 7 drawn queries)");
  log();
  log('| GET requests | list statement ms | count statement ms |');
  log('| --- | ---: | ---: |');
  for (const [name, draw] of shapes) {
    const t = await sqlTimings(pool, draw, 7);
    log(`| ${name} | ${t.list.toFixed(2)} | ${t.count.toFixed(2)} |`);
  }
}

function describeWorkload(w: Workload): void {
  const boxMetres = `${(w.box.dLon * 111320 * Math.cos((60.405 * Math.PI) / 180)).toFixed(0)} m × ${(w.box.dLat * 111320).toFixed(0)} m`;
  log(
    `- workload: ${w.sample.length} random public requests for id lookups; ${w.windowCount} public requests with a location in the default 90-day window`,
  );
  log(
    `- bbox ${boxMetres}, radius ${w.radius.toFixed(0)} m (sized for ~75 hits, page_size=100); list50 over ${w.services.length} service codes; POST to service ${w.post.code}`,
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  const options = readOptions(process.argv.slice(2), process.env);
  log(`building (npm run build)…`);
  build(ROOT);
  const seeded = await prepareDatabase(options.databaseUrl, options.requests, log);
  const { db } = seeded;
  let servers: Servers | null = null;
  try {
    await printMachine(db.pool, options);
    log(`- database: ${seeded.action}`);
    const workload = await loadWorkload(db.pool, await createApplication(db.pool, 'npm run bench'));
    describeWorkload(workload);
    servers = await startServers(options.databaseUrl, options.webConcurrency, options.publicCacheSeconds);
    const list = selectEndpoints(endpoints(workload), options.only);
    await probeAll(servers, list);
    const between = async () => {
      const settled = await settle(db.pool, seeded.seededMaxId);
      log(
        `settle: removed ${settled.removed} written rows, VACUUM ANALYZE + CHECKPOINT in ${settled.seconds.toFixed(1)} s`,
      );
    };
    const runs = await measure(servers, list, options, between);
    printResults(list, runs, servers);
    log(`\nLoad average at the end: ${loadAverage()}`);
    if (options.extras) {
      await printPlans(db.pool, workload);
      await benchBodySize(servers.service, log);
      await benchStatistics(db.pool, servers.service, log);
      await benchPhotoBurst(servers.service, { apiKey: workload.apiKey, serviceCode: workload.post.code }, log);
    }
  } finally {
    if (servers) {
      servers.rss.service.stop();
      servers.rss.baseline.stop();
      await Promise.all([stopServer(servers.service), stopServer(servers.baseline)]);
    }
    const removed = await removeBenchWrites(db.pool, seeded.seededMaxId);
    log();
    log(`removed the ${removed} rows this run wrote; total time ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
