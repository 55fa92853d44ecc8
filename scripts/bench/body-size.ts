/**
 * Benchmark scenario "body size": the service's own CPU per list item for lists just under and
 * well over 64 KiB of response body (90 and 110 items, JSON and XML), measured alone with 8
 * connections and a fixed number of requests, in interleaved rounds. Per-item cost should not
 * jump with the size (docs/benchmarks.md, "The 64 KiB cliff"). Part of `npm run bench`; alone
 * (build, seed or reuse the database, start the service, measure):
 * `npx tsx scripts/bench/body-size.ts` with the same BENCH_* options.
 */
import path from 'node:path';
import autocannon from 'autocannon';
import { cpuSeconds, startServer, stopServer, type Server } from './servers';
import { ROOT, runStandalone, standaloneStart, type Log } from './standalone';
import { START_ENV } from './start-env';

const SIZES = [90, 110];
const FORMATS = ['json', 'xml'] as const;
const REQUESTS = 1500;
const ROUNDS = 3;
/** 110 items may cost at most this much more per item than 90 (fixed per-request work shrinks per item). */
export const MAX_PER_ITEM_RISE = 1.15;

type Cell = { format: (typeof FORMATS)[number]; items: number; bytes: number; cpuUs: number[] };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function bytesOf(url: string): Promise<number> {
  const response = await fetch(url);
  return (await response.arrayBuffer()).byteLength;
}

/** Node CPU microseconds per request over REQUESTS requests of one URL. */
async function cpuPerRequest(url: string, pid: number): Promise<number> {
  const before = cpuSeconds(pid);
  const result = await autocannon({ url, connections: 8, amount: REQUESTS, timeout: 30 });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return ((cpuSeconds(pid) - before) * 1e6) / REQUESTS;
}

/** The per-item table on a running service, README-ready. */
export async function benchBodySize(service: Server, log: Log): Promise<void> {
  const pid = service.child.pid as number;
  const url = (format: string, items: number) => `${service.url}/open311/v2/requests.${format}?page_size=${items}`;
  const cells: Cell[] = [];
  for (const format of FORMATS) {
    for (const items of SIZES) cells.push({ format, items, bytes: await bytesOf(url(format, items)), cpuUs: [] });
  }
  for (const cell of cells) await cpuPerRequest(url(cell.format, cell.items), pid); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const cell of cells) cell.cpuUs.push(await cpuPerRequest(url(cell.format, cell.items), pid));
  }
  log();
  log(`### Body size: service CPU per list item, ${REQUESTS} requests × ${ROUNDS} rounds, 8 connections`);
  log();
  log('| list | body bytes | Node CPU µs / request | µs / item | per item vs 90 | result |');
  log('| --- | ---: | ---: | ---: | ---: | --- |');
  for (const format of FORMATS) {
    const [small, large] = cells.filter((c) => c.format === format);
    const perItem = (c: Cell) => median(c.cpuUs) / c.items;
    for (const cell of [small, large]) {
      const rise = perItem(cell) / perItem(small);
      const verdict = cell === small ? '' : rise <= MAX_PER_ITEM_RISE ? 'pass' : '**FAIL**';
      log(
        `| ${format} ${cell.items} | ${cell.bytes} | ${median(cell.cpuUs).toFixed(0)} | ${perItem(cell).toFixed(1)} | ${rise.toFixed(2)}× | ${verdict} |`,
      );
    }
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
      // One process, as the other benchmarks run it (docs/scale-out.md, WEB_CONCURRENCY).
      WEB_CONCURRENCY: '1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ...START_ENV,
      RATE_LIMIT_GETS_PER_ADDRESS: '0',
      COUNT_CACHE_SECONDS: '60',
      // Every request builds its answer: the body's cost is what this measures.
      PUBLIC_CACHE_SECONDS: '0',
    },
    '/open311/v2/services.json',
  );
  try {
    await benchBodySize(service, log);
  } finally {
    await stopServer(service);
    await db.close();
  }
}

if (require.main === module) runStandalone('body size', main);
