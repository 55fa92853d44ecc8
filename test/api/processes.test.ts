import { spawn } from 'node:child_process';
import path from 'node:path';
import { createTestContext, type TestContext } from '../support/context';
import { hashApiKey } from '../../src/repositories/application-repository';

const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

/**
 * Runs a command without blocking: the embedded test database is served from this very
 * process, so a synchronous spawn would deadlock a child that talks to it.
 */
function run(
  args: string[],
  extraEnv: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(tsx, args, { cwd: root, env: env(extraEnv) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

const env = (extra: Record<string, string>) => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  ...extra,
});

describe('the command line', () => {
  it('when an admin runs apps create NAME, then only a new API key is printed and only its hash is stored', async () => {
    const result = await run(['src/cli.ts', 'apps', 'create', 'Kerava web form'], {
      DATABASE_URL: process.env.TEST_DATABASE_URL as string,
      DB_POOL_SIZE: '1',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
    const key = result.stdout.trim();
    const rows = (await t.db.pool.query('SELECT name, key_hash FROM application')).rows;
    expect(rows).toEqual([{ name: 'Kerava web form', key_hash: hashApiKey(key) }]);
    expect(JSON.stringify(rows)).not.toContain(key);
  });

  it('when the command is wrong, then usage goes to stderr with a non-zero exit', async () => {
    const result = await run(['src/cli.ts', 'apps', 'delete'], {});
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^usage:\n\s+npm run --silent cli -- apps create NAME \[--origin ORIGIN\]/);
  });
});

describe('the server process', () => {
  it('when a setting is invalid, then it exits non-zero naming the variable', async () => {
    const result = await run(['src/main.ts'], { PORT: 'http', DATABASE_URL: 'mysql://x' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('PORT must be a whole number from 0 to 65535, got "http"');
    expect(result.stderr).toContain('DATABASE_URL must be a postgres: or postgresql: URL');
  });

  it('when it gets SIGTERM, then it stops listening, closes the database and exits 0', async () => {
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const child = spawn(tsx, ['src/main.ts'], {
      cwd: root,
      env: env({
        DATABASE_URL: process.env.TEST_DATABASE_URL as string,
        PORT: port,
        HOST: '127.0.0.1',
        DB_POOL_SIZE: '1',
        // One process (on the embedded run this URL is the suite's PGlite); the cluster: test/reliability/cluster.test.ts.
        WEB_CONCURRENCY: '1',
      }),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // Booting through tsx takes seconds, more while other tests run in parallel: wait for its word, not a clock.
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => output.includes('listening') && resolve());
      child.once('exit', (code) => reject(new Error(`the server exited with ${code} before listening`)));
    });
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(await health.json()).toEqual({ status: 'ok' });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('"msg":"stopped"');
    const lines = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; reqId?: string });
    expect(lines.find((l) => l.msg === 'request')?.reqId).toMatch(/^[0-9a-f-]{36}$/);
  }, 60000);
});
