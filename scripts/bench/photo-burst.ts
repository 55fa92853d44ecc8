/**
 * Benchmark scenario "photo burst": 30 concurrent POST /open311/v2/requests.json, each a
 * multipart body with five 7000×7000 PNGs (49 megapixels and about 2.7 MB each, inside the
 * default MEDIA_MAX_PIXELS and MEDIA_MAX_BYTES). Reports the answers (200 stored, 503 queue
 * full), the service's RSS before, its peak during the burst (sampled every 200 ms) and what it
 * settles to after. Part of `npm run bench`; alone (build, seed or reuse the database, start the
 * service, burst): `npx tsx scripts/bench/photo-burst.ts` with the same BENCH_* options.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createApplication } from '../../src/repositories/application-repository';
import { loadWorkload } from './endpoints';
import { removeBenchWrites } from './seed';
import { RssSampler, treeRssMb, startServer, stopServer, type Server } from './servers';
import { ROOT, runStandalone, standaloneStart, type Log } from './standalone';
import { START_ENV } from './start-env';

type Target = { apiKey: string; serviceCode: string };

export const BURST = { requests: 30, photos: 5, side: 7000 };
/** The target: RSS at the peak of the burst stays at or under this. */
export const MAX_BURST_RSS_MB = 300;
const SETTLE_SECONDS = 15;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A smooth gradient with a checker pattern: decodes like a large photo, compresses to ~2.7 MB. */
async function bigPng(side: number): Promise<Buffer> {
  const raw = Buffer.alloc(side * side * 3);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const i = (y * side + x) * 3;
      raw[i] = Math.floor((x * 255) / side);
      raw[i + 1] = Math.floor((y * 255) / side);
      raw[i + 2] = ((x >> 4) ^ (y >> 4)) & 255;
    }
  }
  return sharp(raw, { raw: { width: side, height: side, channels: 3 } })
    .png()
    .toBuffer();
}

async function postWithPhotos(base: string, target: Target, photo: Blob, n: number): Promise<number> {
  const form = new FormData();
  form.set('api_key', target.apiKey);
  form.set('service_code', target.serviceCode);
  form.set('lat', '60.404');
  form.set('long', '25.104');
  form.set('description', `Valokuvapurske ${n}: kuoppa ja rikkinäinen katuvalo, kuvat liitteenä.`);
  for (let i = 0; i < BURST.photos; i++) form.append('media', photo, `photo${i + 1}.png`);
  try {
    const response = await fetch(`${base}/open311/v2/requests.json`, { method: 'POST', body: form });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

const countBy = (statuses: number[]) =>
  [...new Set(statuses)]
    .sort()
    .map((s) => `${statuses.filter((x) => x === s).length}× ${s === 0 ? 'error' : s}`)
    .join(', ');

/** The burst on a running service: one table row, README-ready. */
export async function benchPhotoBurst(service: Server, target: Target, log: Log): Promise<void> {
  const pid = service.child.pid as number;
  log();
  log(`### Photo burst: ${BURST.requests} concurrent POSTs, ${BURST.photos} PNGs of ${BURST.side}×${BURST.side} each`);
  log();
  const png = await bigPng(BURST.side);
  const photo = new Blob([png], { type: 'image/png' });
  await sleep(2000);
  const before = treeRssMb(pid).largest;
  const rss = new RssSampler(pid);
  const started = Date.now();
  const statuses = await Promise.all(
    Array.from({ length: BURST.requests }, (_, n) => postWithPhotos(service.url, target, photo, n)),
  );
  const seconds = (Date.now() - started) / 1000;
  const peak = rss.peak();
  rss.stop();
  await sleep(SETTLE_SECONDS * 1000);
  const settled = treeRssMb(pid).largest;
  log(
    `| PNG bytes | answers | burst s | RSS before MB | peak RSS MB | RSS ${SETTLE_SECONDS} s after MB | target | result |`,
  );
  log('| ---: | --- | ---: | ---: | ---: | ---: | --- | --- |');
  const verdict = peak <= MAX_BURST_RSS_MB && statuses.every((s) => s === 200 || s === 503) ? 'pass' : '**FAIL**';
  log(
    `| ${png.length} | ${countBy(statuses)} | ${seconds.toFixed(1)} | ${before.toFixed(0)} | ${peak.toFixed(0)} | ${settled.toFixed(0)} | peak ≤ ${MAX_BURST_RSS_MB} MB | ${verdict} |`,
  );
}

async function main(): Promise<void> {
  const { options, log, seeded } = await standaloneStart();
  const { db, seededMaxId } = seeded;
  const workload = await loadWorkload(db.pool, await createApplication(db.pool, 'photo burst'));
  const service = await startServer(
    'service',
    path.join(ROOT, 'dist/src/main.js'),
    {
      DATABASE_URL: options.databaseUrl,
      // One process: the figures are of one process's memory (docs/scale-out.md, WEB_CONCURRENCY).
      WEB_CONCURRENCY: '1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ...START_ENV,
      RATE_LIMIT_POSTS_PER_KEY: '0',
      RATE_LIMIT_POSTS_PER_ADDRESS: '0',
      MEDIA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'palaute311-burst-')),
    },
    '/open311/v2/services.json',
  );
  try {
    await benchPhotoBurst(service, { apiKey: workload.apiKey, serviceCode: workload.post.code }, log);
  } finally {
    await stopServer(service);
    await removeBenchWrites(db.pool, seededMaxId);
    await db.close();
  }
}

if (require.main === module) runStandalone('photo burst', main);
