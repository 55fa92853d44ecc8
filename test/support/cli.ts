import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export type CliOutcome = { status: number | null; stdout: string; stderr: string };

/**
 * Runs the README's `npm run --silent cli -- ...args` against the test database: the same
 * `tsx src/cli.ts` that npm script runs, started without npm's own start-up (about 0.7 s a call). Never synchronously: the embedded test database is served from this very
 * process, so a blocking spawn would deadlock the child. The child uses a pool of one.
 */
export function runCli(...args: string[]): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATABASE_URL: process.env.TEST_DATABASE_URL as string,
        DB_POOL_SIZE: '1',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}
