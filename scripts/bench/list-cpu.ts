/**
 * Benchmark scenario "list CPU": CPU per request of the public lists, the service's Node process
 * and its own PostgreSQL backends (found in pg_stat_activity, so other work on a shared machine
 * does not count), over a fixed number of requests with 8 connections, in interleaved rounds.
 * On a busy machine this is steadier than requests per second (docs/benchmarks.md, "Public
 * lists: what was tried").
 *
 * Alone: `npx tsx scripts/bench/list-cpu.ts` with the BENCH_* options. With
 * BENCH_COMPARE_MAIN=<path to another build's dist/src/main.js> it starts that build too, on the
 * same database, and measures both in the same rounds (before and after a change).
 */
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Pool } from 'pg';
import { createApplication } from '../../src/repositories/application-repository';
import { loadWorkload, spatialQueries, type Workload } from './endpoints';
import { cpuSeconds, postgresCpuBetween, startServer, stopServer, type Server } from './servers';
import { ROOT, runStandalone, standaloneStart, type Log } from './standalone';
import { START_ENV } from './start-env';

const REQUESTS = Number(process.env.BENCH_LIST_REQUESTS ?? 400);
const ROUNDS = Number(process.env.BENCH_LIST_ROUNDS ?? 3);

type Shape = { key: string; path: (w: Workload) => string };

const V2 = '/open311/v2';
const SHAPES: Shape[] = [
  {
    key: 'requests.json?service_code&page_size=50',
    path: (w) => `${V2}/requests.json?service_code=${w.services[0].code}&page_size=50`,
  },
  { key: 'requests.json?page_size=100', path: () => `${V2}/requests.json?page_size=100` },
  { key: 'requests.xml?page_size=100', path: () => `${V2}/requests.xml?page_size=100` },
  { key: 'requests.json?bbox', path: (w) => `${V2}/requests.json?${spatialQueries(w).bbox}` },
  { key: 'requests.xml?bbox', path: (w) => `${V2}/requests.xml?${spatialQueries(w).bbox}` },
  { key: 'requests.json?lat&long&radius', path: (w) => `${V2}/requests.json?${spatialQueries(w).radius}` },
  { key: 'requests.geojson (1000)', path: () => `${V2}/requests.geojson` },
  { key: 'requests.json (1000)', path: () => `${V2}/requests.json` },
  { key: 'requests.xml (1000)', path: () => `${V2}/requests.xml` },
];

/** BENCH_LIST_SHAPES=a,b: only the shapes whose name contains one of these. */
const chosen = (process.env.BENCH_LIST_SHAPES ?? '').split(',').filter((part) => part !== '');
const shapes = () => SHAPES.filter((shape) => chosen.length === 0 || chosen.some((part) => shape.key.includes(part)));

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** User and system CPU seconds of a process (/proc/<pid>/stat, 100 ticks a second). */
function userSystem(pid: number): { user: number; system: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
}

/** CPU seconds of each PostgreSQL backend connected to this database, by pid. */
async function backendCpu(pool: Pool): Promise<Map<number, number>> {
  const { rows } = await pool.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  return new Map(rows.map((row) => [row.pid, cpuSeconds(row.pid)]));
}

type Sample = { nodeUs: number; userUs: number; pgUs: number; bytes: number };

async function measure(pool: Pool, server: Server, w: Workload, shape: Shape, amount: number): Promise<Sample> {
  const pid = server.child.pid as number;
  const [nodeBefore, pgBefore] = [userSystem(pid), await backendCpu(pool)];
  const result = await autocannon({
    url: server.url,
    connections: 8,
    amount,
    timeout: 60,
    requests: [{ setupRequest: (request) => Object.assign(request, { method: 'GET', path: shape.path(w) }) }],
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${server.name} ${shape.key}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  const [nodeAfter, pgAfter] = [userSystem(pid), await backendCpu(pool)];
  const node = nodeAfter.user + nodeAfter.system - nodeBefore.user - nodeBefore.system;
  return {
    nodeUs: (node * 1e6) / amount,
    userUs: ((nodeAfter.user - nodeBefore.user) * 1e6) / amount,
    pgUs: (postgresCpuBetween(pgBefore, pgAfter) * 1e6) / amount,
    bytes: result.throughput.total / amount,
  };
}

const ENV = (databaseUrl: string) => ({
  DATABASE_URL: databaseUrl,
  WEB_CONCURRENCY: '1',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
  ...START_ENV,
  RATE_LIMIT_GETS_PER_ADDRESS: '0',
  CATALOGUE_CACHE_SECONDS: '60',
  // What building a list costs: every request builds its answer (docs/scale-out.md, "Public answers").
  PUBLIC_CACHE_SECONDS: '0',
});

/** The table on running services (one, or a before and an after), README-ready. */
export async function benchListCpu(pool: Pool, servers: Server[], w: Workload, log: Log): Promise<void> {
  const samples = new Map<string, Sample[]>();
  const cell = (server: Server, shape: Shape) => `${server.name}\u0000${shape.key}`;
  for (const server of servers) for (const shape of shapes()) await measure(pool, server, w, shape, 40); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const shape of shapes()) {
      for (const server of servers) {
        const list = samples.get(cell(server, shape)) ?? [];
        list.push(await measure(pool, server, w, shape, shape.key.includes('1000') ? REQUESTS / 4 : REQUESTS));
        samples.set(cell(server, shape), list);
      }
    }
  }
  log();
  log(`### List CPU: per request, median of ${ROUNDS} rounds, 8 connections`);
  log();
  log('| GET | build | bytes | Node CPU µs / request | of which user | PostgreSQL CPU µs / request | together |');
  log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const shape of shapes()) {
    for (const server of servers) {
      const list = samples.get(cell(server, shape)) ?? [];
      const user = median(list.map((s) => s.userUs));
      const [node, pg, bytes] = [
        median(list.map((s) => s.nodeUs)),
        median(list.map((s) => s.pgUs)),
        median(list.map((s) => s.bytes)),
      ];
      log(
        `| ${shape.key} | ${server.name} | ${bytes.toFixed(0)} | ${node.toFixed(0)} | ${user.toFixed(0)} | ${pg.toFixed(0)} | ${(node + pg).toFixed(0)} |`,
      );
    }
  }
}

async function main(): Promise<void> {
  const { options, log, seeded } = await standaloneStart();
  const { db } = seeded;
  const servers: Server[] = [];
  try {
    const workload = await loadWorkload(db.pool, await createApplication(db.pool, 'list cpu bench'));
    const compare = process.env.BENCH_COMPARE_MAIN;
    const env = ENV(options.databaseUrl);
    // A busy shared machine can take a while to start a service.
    const start = (name: string, script: string) => startServer(name, script, env, '/open311/v2/services.json', 120000);
    if (compare) servers.push(await start('before', compare));
    servers.push(await start(compare ? 'after' : 'service', path.join(ROOT, 'dist/src/main.js')));
    await benchListCpu(db.pool, servers, workload, log);
  } finally {
    for (const server of servers) await stopServer(server);
    await db.close();
  }
}

if (require.main === module) runStandalone('list cpu', main);
