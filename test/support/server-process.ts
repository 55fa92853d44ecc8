import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The server and the CLI run from source through tsx (a dev dependency), so a fresh clone needs
 * no `npm run build` before `npm test`; the code is the same that `dist/` is compiled from.
 */
const TSX = ['--import', 'tsx'];

export type ServerProcess = {
  url: string;
  child: ChildProcess;
  /** The last lines of the server's stdout and stderr, for failure messages. */
  output(): string;
  /** SIGKILL: no shutdown hook, no flush, no goodbye — as a crash or the OOM killer. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the process to exit. */
  stop(): Promise<void>;
};

function baseEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts `src/main.ts` as its own process on a free loopback port and waits until /ready answers 200. */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 180000): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...TSX, 'src/main.ts'], {
    cwd: ROOT,
    env: baseEnv({ ...env, PORT: String(port), HOST: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(chunk.toString());
    if (lines.length > 100) lines.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const server: ServerProcess = {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => lines.join('').slice(-4000),
    async kill9() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited(child), sleep(15000)]);
      if (child.exitCode === null && child.signalCode === null) await server.kill9();
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await fetch(`${server.url}/ready`)).ok) return server;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  await server.kill9();
  throw new Error(`the server did not become ready on ${server.url}:\n${server.output()}`);
}

/** Runs `src/cli.ts` (the operator's `npm run cli`) and returns its trimmed stdout; throws on failure. */
export function runCli(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TSX, 'src/cli.ts', ...args], { cwd: ROOT, env: baseEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (status) =>
      status === 0 ? resolve(stdout.trim()) : reject(new Error(`cli ${args.join(' ')} exited ${status}: ${stderr}`)),
    );
  });
}

export type ScratchDatabase = { url: string; drop(): Promise<void> };

/**
 * A new, empty PostgreSQL database on the server of `baseUrl`, so a test that runs its own
 * server process does not touch the suite's database. `drop()` removes it again.
 */
export async function createScratchDatabase(baseUrl: string, name: string): Promise<ScratchDatabase> {
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
