import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export type CliOutcome = { status: number | null; stdout: string; stderr: string };

/**
 * Runs `npm run --silent cli -- ...args` exactly as the README tells an operator to, against the
 * test database. Never synchronously: the embedded test database is served from this very
 * process, so a blocking spawn would deadlock the child. The child uses a pool of one.
 */
export function runCli(...args: string[]): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'cli', '--', ...args], {
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
