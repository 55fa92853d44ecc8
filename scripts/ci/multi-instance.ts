import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { startServer, stopServer, type Server } from '../bench/servers';
import {
  checkCatalogue,
  checkPhoto,
  checkRateLimit,
  checkReadRouting,
  measureLag,
  type Instances,
} from './multi-instance-checks';

/**
 * The multi-instance test's driver (docs/scale-out.md, "The multi-instance test"), run by
 * scripts/ci/multi-instance.sh once the streaming replica is up: two built instances on one
 * primary, B reading from the replica, a shared photo store (a shared MEDIA_DIR, or with
 * MULTI_INSTANCE_S3=on the local S3 server), then the checks. Exit 1 on the first failed check.
 */

type Settings = {
  primaryUrl: string;
  replicaUrl: string;
  work: string;
  ports: { a: number; b: number; s3: number };
  s3: boolean;
};

const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..');
const MAIN = path.join(ROOT, 'dist/src/main.js');
/** POSTs per minute per client address, counted across both instances. */
export const POST_LIMIT = 4;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run scripts/ci/multi-instance.sh`);
  return value;
}

function settings(): Settings {
  const port = (name: string, fallback: number) => Number(process.env[name] || fallback);
  return {
    primaryUrl: required('MULTI_PRIMARY_URL'),
    replicaUrl: required('MULTI_REPLICA_URL'),
    work: required('MULTI_WORK_DIR'),
    ports: { a: port('MULTI_PORT_A', 18701), b: port('MULTI_PORT_B', 18702), s3: port('MULTI_PORT_S3', 18703) },
    s3: process.env.MULTI_INSTANCE_S3 === 'on',
  };
}

/** The local S3-compatible server (s3rver, a dev dependency) with the bucket made at start. */
async function startS3(s: Settings): Promise<ChildProcess> {
  const bin = path.join(ROOT, 'node_modules/s3rver/bin/s3rver.js');
  const dir = path.join(s.work, 's3');
  fs.mkdirSync(dir, { recursive: true });
  const child = spawn(
    process.execPath,
    [bin, '-d', dir, '-a', '127.0.0.1', '-p', String(s.ports.s3), '-s', '--configure-bucket', 'palaute311'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(`http://127.0.0.1:${s.ports.s3}/`).then(
        () => true,
        () => false,
      )
    )
      return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the local S3 server did not start');
}

/**
 * Where photos go. Shared by both instances: one folder, or (MULTI_INSTANCE_S3=on) the S3
 * bucket, with a folder of each instance's own that the other cannot see, so a photo fetched
 * through B proves it came from the bucket.
 */
function mediaEnv(s: Settings, instance: 'a' | 'b'): Record<string, string> {
  if (!s.s3) return { MEDIA_DIR: path.join(s.work, 'media') };
  return {
    MEDIA_DIR: path.join(s.work, `media-${instance}`),
    MEDIA_STORE: 's3',
    S3_ENDPOINT: `http://127.0.0.1:${s.ports.s3}`,
    S3_BUCKET: 'palaute311',
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: 'true',
  };
}

function commonEnv(s: Settings): Record<string, string> {
  return {
    DATABASE_URL: s.primaryUrl,
    LOG_LEVEL: 'warn',
    WEB_CONCURRENCY: '1',
    TRUST_PROXY: 'true',
    LOAD_EXAMPLE_DATA: 'true',
    RATE_LIMIT_POSTS_PER_ADDRESS: String(POST_LIMIT),
    RATE_LIMIT_POSTS_PER_KEY: '0',
    RATE_LIMIT_GETS_PER_ADDRESS: '0',
  };
}

/** An API key for the example city, made with the built CLI as an operator would. */
function createApiKey(primaryUrl: string): string {
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'dist/src/cli.js'), 'apps', 'create', 'multi-instance test', '--jurisdiction', 'kerava.fi'],
    { env: { ...process.env, DATABASE_URL: primaryUrl }, encoding: 'utf8' },
  );
  const key = /[A-Za-z0-9_-]{20,}/.exec(result.stdout)?.[0];
  if (result.status !== 0 || key === undefined) throw new Error(`apps create failed: ${result.stderr}${result.stdout}`);
  return key;
}

const report = (line: string) => process.stdout.write(`${line}\n`);

async function run(s: Settings, started: Server[]): Promise<void> {
  const t0 = performance.now();
  const seconds = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  const a = await startServer(
    'instance A',
    MAIN,
    { ...commonEnv(s), ...mediaEnv(s, 'a'), BOOTSTRAP_ADMIN_TOKEN_FILE: path.join(s.work, 'admin-token') },
    '/ready',
    120000,
    s.ports.a,
  );
  started.push(a);
  report(`instance A ready (migrations, example data) after ${seconds()}`);
  // B starts once A has migrated and loaded the example data, and reads them from the replica.
  const readUrl = new URL(s.replicaUrl);
  readUrl.searchParams.set('application_name', 'palaute311-b-reads');
  const b = await startServer(
    'instance B',
    MAIN,
    { ...commonEnv(s), ...mediaEnv(s, 'b'), DATABASE_READ_URL: readUrl.toString(), BACKGROUND_JOBS: 'false' },
    '/ready',
    120000,
    s.ports.b,
  );
  started.push(b);
  report(`instance B ready after ${seconds()}`);
  const primary = new Pool({ connectionString: s.primaryUrl, max: 2 });
  const replica = new Pool({ connectionString: s.replicaUrl, max: 2 });
  try {
    const instances: Instances = {
      a: a.url,
      b: b.url,
      primary,
      replica,
      apiKey: createApiKey(s.primaryUrl),
      adminToken: fs.readFileSync(path.join(s.work, 'admin-token'), 'utf8').trim(),
    };
    report(`photos: ${s.s3 ? 'S3 (s3rver), each instance with its own MEDIA_DIR' : 'a MEDIA_DIR shared by both'}`);
    await measureLag(instances, report);
    await checkReadRouting(instances, report);
    await checkPhoto(instances, report);
    await checkCatalogue(instances, report);
    await checkRateLimit(instances, POST_LIMIT, report);
  } finally {
    await primary.end();
    await replica.end();
  }
}

async function main(): Promise<void> {
  const s = settings();
  const s3 = s.s3 ? await startS3(s) : null;
  const started: Server[] = [];
  try {
    await run(s, started);
  } catch (error) {
    for (const server of started)
      process.stderr.write(`--- ${server.name} stderr:\n${server.stderr.join('').slice(-3000)}\n`);
    throw error;
  } finally {
    await Promise.all(started.map((server) => stopServer(server)));
    s3?.kill('SIGTERM');
  }
}

main().then(
  () => process.stdout.write('multi-instance: all checks passed\n'),
  (error: unknown) => {
    process.stderr.write(`multi-instance: FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
