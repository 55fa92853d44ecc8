import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  createScratchDatabase,
  startServerProcess,
  type ScratchDatabase,
  type ServerProcess,
} from '../support/server-process';

/**
 * WEB_CONCURRENCY (docs/scale-out.md): a primary forks worker processes that share the port,
 * replaces one that dies, and ends them all on SIGTERM. Which process answered is nowhere in a
 * response: the test reads the `pid` of the workers' request lines in the server's log.
 */
const embedded = process.env.TEST_DATABASE_PGLITE === 'true';
const ROOT = path.resolve(__dirname, '../..');

type LogLine = { msg?: string; pid?: number; worker?: number; path?: string };

/** The server's log lines, from what was kept before this call and everything after. */
function collectLog(server: ServerProcess): { lines(): LogLine[] } {
  let text = server.output();
  server.child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return {
    lines: () =>
      text.split('\n').flatMap((line) => {
        try {
          return [JSON.parse(line) as LogLine];
        } catch {
          return []; // the cut-off first line of the kept output, or stderr
        }
      }),
  };
}

/** A GET on a new connection each time, so the primary hands it to the next worker in turn. */
function getOnNewConnection(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** The parent pid of a running process, from /proc (Linux). */
function parentPid(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

it('when WEB_CONCURRENCY=2 is asked for on the embedded database, then the start is refused with exit 2', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'palaute311-cluster-'));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, WEB_CONCURRENCY: '2' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect({ code, stderr }).toEqual({
      code: 2,
      stderr: expect.stringContaining(
        'WEB_CONCURRENCY must be 1 on the embedded database (PGlite serves one process); set DATABASE_URL to run 2 workers',
      ),
    });
    // Refused before anything was opened: no data folder was created.
    expect(fs.readdirSync(dataDir)).toEqual([]);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 60000);

// Several processes on one embedded data folder are refused (above): the cluster runs on PostgreSQL.
const onPostgres = embedded ? describe.skip : describe;

onPostgres('two workers on PostgreSQL', () => {
  let scratch: ScratchDatabase | null = null;
  let server: ServerProcess | null = null;
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'palaute311-cluster-media-'));

  beforeAll(async () => {
    scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL as string, `palaute311_cluster_${process.pid}`);
  });

  afterAll(async () => {
    await server?.kill9();
    await scratch?.drop();
    fs.rmSync(mediaDir, { recursive: true, force: true });
  });

  it('when a worker is killed, then the others keep answering, the primary replaces it, and SIGTERM ends them all', async () => {
    server = await startServerProcess({
      DATABASE_URL: (scratch as ScratchDatabase).url,
      WEB_CONCURRENCY: '2',
      MEDIA_DIR: mediaDir,
      LOAD_EXAMPLE_DATA: 'true',
      LOG_LEVEL: 'info',
      RATE_LIMIT_GETS_PER_ADDRESS: '0',
    });
    const primary = server.child.pid as number;
    const log = collectLog(server);
    const url = `${server.url}/open311/v2/services.json`;
    const answeredBy = () =>
      new Set(
        log
          .lines()
          .filter((l) => l.msg === 'request' && l.path === '/open311/v2/services.json')
          .map((l) => l.pid),
      );
    const listening = () =>
      new Set(
        log
          .lines()
          .filter((l) => l.msg === 'palaute311 listening')
          .map((l) => l.pid),
      );

    await waitFor('two listening workers', () => listening().size === 2, 120000);
    for (let i = 0; i < 10; i += 1) expect(await getOnNewConnection(url)).toBe(200);
    await waitFor('request lines of both workers', () => answeredBy().size === 2, 10000);
    const workers = [...answeredBy()] as number[];
    expect(workers.map(parentPid)).toEqual([primary, primary]);
    expect(workers).not.toContain(primary);

    // kill -9 one worker: the other answers every request meanwhile, and a new worker takes its place.
    const [victim, survivor] = workers;
    process.kill(victim, 'SIGKILL');
    await waitFor(
      'the primary to see the death',
      () => log.lines().some((l) => l.msg === 'worker died; restarting it' && l.pid === victim),
      10000,
    );
    for (let i = 0; i < 10; i += 1) expect(await getOnNewConnection(url)).toBe(200);
    await waitFor('a replacement worker', () => listening().size === 3, 120000);
    const replacement = [...listening()].find((pid) => pid !== victim && pid !== survivor) as number;
    expect(parentPid(replacement)).toBe(primary);
    for (let i = 0; i < 20 && !answeredBy().has(replacement); i += 1) {
      expect(await getOnNewConnection(url)).toBe(200);
      await sleep(50); // the request line is written just after the answer
    }
    expect(answeredBy().has(replacement)).toBe(true);

    // SIGTERM to the primary: every worker shuts down gracefully, then the primary exits 0.
    // (Not server.stop(): its 15 s fallback timer would outlive the test.)
    const exited = new Promise((resolve) => server?.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
    expect({ code: server.child.exitCode, signal: server.child.signalCode }).toEqual({ code: 0, signal: null });
    expect([survivor, replacement].filter(alive)).toEqual([]);
    const stops = log.lines().filter((l) => l.msg === 'stopped');
    expect(new Set(stops.map((l) => l.pid ?? 'primary'))).toEqual(new Set([survivor, replacement, 'primary']));
  }, 300000);
});
