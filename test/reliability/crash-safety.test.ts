import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { multipartBody } from '../support/fuzz/multipart';
import {
  createScratchDatabase,
  runCli,
  startServerProcess,
  type ScratchDatabase,
  type ServerProcess,
} from '../support/server-process';

/**
 * The server as its own process, as in production, on the database this run uses (embedded
 * PGlite in a fresh data folder, or a fresh database on the PostgreSQL server of DATABASE_URL):
 * kill -9 under load loses no POST the server answered 200 with an id, and no request body,
 * however broken, ends the process.
 */
const embedded = process.env.TEST_DATABASE_PGLITE === 'true';
const WORKERS = 16;
/** Acknowledged POSTs before the kill: enough for every worker to have been mid-request many times. */
const KILL_AFTER = 250;

type Acknowledged = { id: string; token: string; description: string };
type Load = { acknowledged: Acknowledged[]; refused: number[]; cut: number; done: Promise<void>; stop(): void };

/** WORKERS clients POSTing back to back, each a distinct description, until stopped or the server dies. */
function startLoad(url: string, apiKey: string): Load {
  let next = 0;
  let stopped = false;
  const load: Load = { acknowledged: [], refused: [], cut: 0, done: Promise.resolve(), stop: () => (stopped = true) };
  const worker = async () => {
    while (!stopped) {
      const description = `Kaatumistesti ${(next += 1)}: syvä kuoppa pyörätiellä.`;
      const form = new URLSearchParams({ api_key: apiKey, service_code: '101', lat: '60.4041', long: '25.1043' });
      form.set('description', description);
      form.set('attribute[DAMAGE_TYPE]', 'pothole');
      form.set('extensions', 'true');
      try {
        const response = await fetch(`${url}/open311/v2/requests.json`, { method: 'POST', body: form });
        const body = (await response.json()) as { service_request_id?: string; extended_attributes?: never }[];
        const id = body[0]?.service_request_id;
        const token = (body[0]?.extended_attributes as { tracking_token?: string } | undefined)?.tracking_token;
        if (response.status === 200 && id !== undefined && token !== undefined) {
          load.acknowledged.push({ id, token, description });
        } else load.refused.push(response.status);
      } catch {
        // The connection died with the server: this POST was never acknowledged.
        load.cut += 1;
        stopped = true;
      }
    }
  };
  load.done = Promise.all(Array.from({ length: WORKERS }, worker)).then(() => undefined);
  return load;
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** The acknowledged requests that the restarted server does not return with the text that was sent. */
async function lost(url: string, acknowledged: Acknowledged[]): Promise<string[]> {
  const missing: string[] = [];
  const queue = [...acknowledged];
  const check = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      const query = new URLSearchParams({ tracking_token: item.token });
      const response = await fetch(`${url}/open311/v2/requests/${item.id}.json?${query}`);
      const body = response.status === 200 ? ((await response.json()) as { description: string }[]) : [];
      if (body[0]?.description !== item.description) missing.push(`${item.id} (${response.status})`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, check));
  return missing;
}

let scratch: ScratchDatabase | null = null;
let dataDir = '';
let server: ServerProcess | null = null;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'palaute311-crash-'));
  if (!embedded) {
    scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL as string, `palaute311_crash_${process.pid}`);
  }
});

afterAll(async () => {
  await server?.kill9();
  await scratch?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The server's environment: this run's kind of database, example data, no rate limits (one client sends everything). */
function serverEnv(): Record<string, string> {
  return {
    ...(scratch === null ? { DATA_DIR: dataDir } : { DATABASE_URL: scratch.url, DB_POOL_SIZE: '4' }),
    MEDIA_DIR: path.join(dataDir, 'media'),
    LOAD_EXAMPLE_DATA: 'true',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_POSTS_PER_KEY: '0',
    RATE_LIMIT_POSTS_PER_ADDRESS: '0',
    RATE_LIMIT_GETS_PER_ADDRESS: '0',
  };
}

it('when the server is killed with SIGKILL under concurrent POSTs, then every acknowledged request is there after a restart', async () => {
  const env = serverEnv();
  // As an operator would: the key first (the embedded folder serves one process at a time), then the server.
  const apiKey = await runCli(['apps', 'create', 'crash test'], env);
  server = await startServerProcess(env);
  const load = startLoad(server.url, apiKey);
  await waitFor(() => load.acknowledged.length >= KILL_AFTER || load.refused.length > 0, 120000);
  await server.kill9();
  await load.done;
  const output = server.output();
  expect({ refused: load.refused, output: load.refused.length > 0 ? output : '' }).toEqual({ refused: [], output: '' });
  expect(load.acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);

  server = await startServerProcess(env);
  const missing = await lost(server.url, load.acknowledged);
  const total = load.acknowledged.length;
  process.stdout.write(
    `crash safety (${embedded ? 'embedded PGlite' : 'PostgreSQL'}): ${total - missing.length} of ${total} ` +
      `acknowledged POSTs kept; ${load.cut} cut off by the kill\n`,
  );
  expect(missing).toEqual([]);

  // The restarted server takes new feedback under a fresh id (the id sequence did not step back).
  const after = startLoad(server.url, apiKey);
  await waitFor(() => after.acknowledged.length + after.refused.length > 0, 60000);
  after.stop();
  await after.done;
  expect(after.refused).toEqual([]);
  expect(after.acknowledged.length).toBeGreaterThan(0);
  const known = new Set(load.acknowledged.map((item) => item.id));
  expect(after.acknowledged.filter((item) => known.has(item.id))).toEqual([]);
}, 600000);

it('when a multipart body ends inside a file, then the answer is 400 and the server keeps running', async () => {
  if (server === null || server.child.exitCode !== null || server.child.signalCode !== null) {
    server = await startServerProcess(serverEnv());
  }
  for (const field of ['media', 'description']) {
    const file = { name: field, data: Buffer.alloc(200, 1), filename: 'kuva.png', type: 'image/png' };
    const { type, body } = multipartBody({ service_code: '101' }, { label: field, parts: [file], truncated: true });
    const response = await fetch(`${server.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'Content-Type': type },
      body,
    });
    expect({ field, status: response.status, body: await response.json() }).toEqual({
      field,
      status: 400,
      body: [{ code: 400, description: 'malformed multipart body' }],
    });
  }
  expect((await fetch(`${server.url}/health`)).status).toBe(200);
}, 300000);
