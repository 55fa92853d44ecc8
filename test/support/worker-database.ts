import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';

/** Where a test process finds its database: its URL, and whether a PGlite socket serves it. */
export type TestDatabase = { url: string; pglite: boolean };

/**
 * Each jest worker owns one database, so test files run in parallel and each still empties the
 * tables it uses (test/support/context.ts). On PostgreSQL it is a copy of the DATABASE_URL
 * database, which global-setup.ts migrated once as the template; on the embedded default it is
 * an in-memory PGlite + PostGIS in a process of its own (embedded-database-process.ts), one per
 * worker, started from the snapshot global-setup.ts prepared, so the workers' databases run on
 * different cores. This module is loaded by the test
 * environment, outside jest's per-file module registry: one instance per worker process.
 */
let database: Promise<TestDatabase> | null = null;
let embeddedProcess: ChildProcess | null = null;

const root = path.resolve(__dirname, '../..');
const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The template's server through its maintenance database: a template must have no sessions to be copied. */
async function withServer<T>(templateUrl: string, work: (client: Client, template: string) => Promise<T>): Promise<T> {
  const url = new URL(templateUrl);
  const template = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client, template);
  } finally {
    await client.end();
  }
}

const copyPrefix = (template: string) => `${template}_worker_`;

/** `palaute311_test` → `palaute311_test_worker_2` for jest worker 2 (worker 1 when in band). */
async function copyTemplate(templateUrl: string, workerId: string): Promise<TestDatabase> {
  const name = await withServer(templateUrl, async (client, template) => {
    const copy = copyPrefix(template) + workerId;
    // A worker that jest restarted, or a run that was killed, leaves its copy behind.
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(copy)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoteIdentifier(copy)} TEMPLATE ${quoteIdentifier(template)}`);
    return copy;
  });
  const url = new URL(templateUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return { url: url.toString(), pglite: false };
}

function startEmbeddedProcess(): Promise<TestDatabase> {
  return new Promise((resolve, reject) => {
    const snapshot = process.env.TEST_PGLITE_SNAPSHOT ?? '';
    const child = fork(path.join(__dirname, 'embedded-database-process.ts'), [snapshot], {
      cwd: root,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    embeddedProcess = child;
    child.once('message', (message: { url?: string; error?: string }) => {
      if (!message.url) {
        reject(new Error(`the embedded test database did not start: ${message.error}`));
        return;
      }
      // From here on the child never keeps this worker alive: it follows the worker out.
      child.removeAllListeners('exit');
      child.channel?.unref();
      child.unref();
      resolve({ url: message.url, pglite: true });
    });
    child.once('exit', (code) => reject(new Error(`the embedded test database exited with ${code}`)));
  });
}

/** This worker's database, made on first use. */
export function workerDatabase(): Promise<TestDatabase> {
  if (database === null) {
    const templateUrl = process.env.TEST_TEMPLATE_DATABASE_URL;
    database = templateUrl ? copyTemplate(templateUrl, process.env.JEST_WORKER_ID ?? '1') : startEmbeddedProcess();
  }
  return database;
}

/** Stops this process's embedded database, if it started one (in band: jest's own process). */
export function stopWorkerDatabase(): void {
  if (embeddedProcess?.connected) embeddedProcess.disconnect();
  embeddedProcess = null;
  database = null;
}

/** Drops every worker's copy of the template (global-teardown.ts, and global-setup.ts after a killed run). */
export async function dropWorkerDatabases(templateUrl: string): Promise<void> {
  await withServer(templateUrl, async (client, template) => {
    const copies = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1) AND substr(datname, $2) ~ '^[0-9]+$'`,
      [copyPrefix(template), copyPrefix(template).length + 1],
    );
    for (const { datname } of copies.rows) {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(datname)} WITH (FORCE)`);
    }
  });
}
