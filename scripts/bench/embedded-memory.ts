/**
 * Memory of the embedded default (no DATABASE_URL: PGlite + PostGIS in process), measured the
 * way `npm start` runs it: the built service on a fresh data folder with the example data, VmRSS
 * from /proc/<pid>/status after it has idled, then after a restart, under a short mixed load
 * (autocannon: services, lists, single requests, similar, form POSTs) and idle again after it.
 * `npx tsx scripts/bench/embedded-memory.ts` (options: BENCH_IDLE=seconds, BENCH_DURATION=seconds,
 * BENCH_CONNECTIONS). Prints a README-ready table.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Draw } from './load';
import { runLoad } from './load';
import { build, memoryMb, RssSampler, startServer, stopServer, type Server } from './servers';
import { ROOT, runStandalone, type Log } from './standalone';
import { START_ENV } from './start-env';

/** The issue's target for the idle embedded service on the example data. */
export const MAX_IDLE_RSS_MB = 400;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const seconds = (name: string, fallback: number) => Number(process.env[name] || fallback);

function serviceEnv(dataDir: string): Record<string, string> {
  return {
    ...START_ENV,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    RATE_LIMIT_POSTS_PER_ADDRESS: '0',
    RATE_LIMIT_GETS_PER_ADDRESS: '0',
  };
}

const start = (dataDir: string) =>
  // A first start runs initdb, the migrations and the example data: give it time.
  startServer(
    'embedded',
    path.join(ROOT, 'dist/src/main.js'),
    serviceEnv(dataDir),
    '/open311/v2/services.json',
    300000,
  );

/** RSS after `idle` seconds of nothing; the peak (VmHWM) since the process started. */
async function idleRss(server: Server, idle: number): Promise<{ rss: number; hwm: number }> {
  await sleep(idle * 1000);
  return memoryMb(server.child.pid as number) ?? { rss: NaN, hwm: NaN };
}

/** The CLI opens the data folder itself, so it runs while the service is stopped. */
function createApiKey(dataDir: string): string {
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'dist/src/cli.js'), 'apps', 'create', 'memory bench', '--jurisdiction', 'kerava.fi'],
    {
      env: { ...process.env, ...serviceEnv(dataDir) },
      encoding: 'utf8',
    },
  );
  const key = /[A-Za-z0-9_-]{20,}/.exec(result.stdout)?.[0];
  if (result.status !== 0 || key === undefined) throw new Error(`apps create failed: ${result.stderr}${result.stdout}`);
  return key;
}

async function mixedLoad(base: string, apiKey: string): Promise<Draw> {
  const catalogue = (await (await fetch(`${base}/open311/v2/services.json`)).json()) as {
    service_code: string;
    metadata: boolean;
  }[];
  // Services without attributes take a plain POST with a point and a description.
  const services = catalogue.filter((service) => !service.metadata);
  const requests = (await (await fetch(`${base}/open311/v2/requests.json`)).json()) as { service_request_id: string }[];
  const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)];
  const v2 = '/open311/v2';
  const post = () => ({
    method: 'POST' as const,
    path: `${v2}/requests.json`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      api_key: apiKey,
      service_code: pick(services).service_code,
      lat: (60.4 + Math.random() * 0.02).toFixed(5),
      long: (25.1 + Math.random() * 0.02).toFixed(5),
      description: 'Muistimittaus: kuoppa kävelytiellä, korjatkaa pian kiitos.',
    }).toString(),
  });
  const draws: Draw[] = [
    () => ({ method: 'GET', path: `${v2}/services.json` }),
    () => ({ method: 'GET', path: `${v2}/requests.json` }),
    () => ({ method: 'GET', path: `${v2}/requests.xml?lat=60.405&long=25.105&radius=2000` }),
    () => ({ method: 'GET', path: `${v2}/requests/${pick(requests).service_request_id}.json` }),
    () => ({
      method: 'GET',
      path: `${v2}/similar.json?service_code=${pick(services).service_code}&lat=60.405&long=25.105&description=katuvalo%20pimeana`,
    }),
    post,
  ];
  return () => pick(draws)();
}

export async function benchEmbeddedMemory(log: Log): Promise<void> {
  const idle = seconds('BENCH_IDLE', 30);
  const duration = seconds('BENCH_DURATION', 20);
  const connections = seconds('BENCH_CONNECTIONS', 10);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'palaute311-embedded-'));
  const rows: string[] = [];
  const row = (phase: string, rss: number, hwm?: number) =>
    rows.push(`| ${phase} | ${rss.toFixed(0)} | ${hwm === undefined ? '' : hwm.toFixed(0)} |`);
  try {
    let started = Date.now();
    let server = await start(dataDir);
    const firstStart = (Date.now() - started) / 1000;
    const first = await idleRss(server, idle);
    row(
      `first start on a fresh data folder (${firstStart.toFixed(1)} s to ready), ${idle} s idle`,
      first.rss,
      first.hwm,
    );
    await stopServer(server);
    const apiKey = createApiKey(dataDir);
    started = Date.now();
    server = await start(dataDir);
    const restart = (Date.now() - started) / 1000;
    const again = await idleRss(server, idle);
    row(`restart (${restart.toFixed(1)} s to ready), ${idle} s idle`, again.rss, again.hwm);
    const rss = new RssSampler(server.child.pid as number);
    const result = await runLoad(server.url, await mixedLoad(server.url, apiKey), duration, connections, {
      pid: server.child.pid as number,
      rss,
    });
    rss.stop();
    row(
      `under load: ${duration} s, ${connections} connections, ${result.rps.toFixed(0)} req/s, ` +
        `non-2xx ${result.non2xx}, errors ${result.errors}; peak`,
      result.rss,
    );
    const after = await idleRss(server, idle);
    row(`${idle} s after the load`, after.rss, after.hwm);
    await stopServer(server);
    log(`### Embedded database memory (VmRSS of node dist/src/main.js, no DATABASE_URL)`);
    log();
    log(
      `Service env: ${Object.entries(START_ENV)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}; target idle ≤ ${MAX_IDLE_RSS_MB} MB.`,
    );
    log();
    log('| phase | RSS MB | VmHWM MB |');
    log('| --- | ---: | ---: |');
    for (const line of rows) log(line);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runStandalone('embedded memory', () => {
    build(ROOT);
    return benchEmbeddedMemory((line = '') => process.stdout.write(`${line}\n`));
  });
}
