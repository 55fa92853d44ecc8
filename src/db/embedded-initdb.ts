import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { embeddedExtensions, startParams } from './embedded-extensions';

/**
 * Creates a new embedded data folder in a short-lived child process: initdb, then the extensions
 * the first migration creates (it finds them there; `IF NOT EXISTS`). initdb runs a second
 * PostgreSQL and an initdb WebAssembly module, and PostGIS's install script is 7 MB of SQL; a
 * process that did either stays ~150 MB larger for its whole life, because WebAssembly memory
 * never shrinks and freed malloc memory is not handed back. A child's goes when it exits
 * (docs/benchmarks.md: Memory).
 */
export async function initDataFolder(pgdata: string, cacheDir: string): Promise<void> {
  if (fs.existsSync(path.join(pgdata, 'PG_VERSION'))) return;
  const child = fork(__filename, [pgdata, cacheDir], { execArgv: loader(), stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`creating the embedded database in ${pgdata} failed (exit code ${code})`);
}

/** Compiled, the child is plain JavaScript; from the TypeScript sources (tests, `npm run cli`) tsx runs it. */
function loader(): string[] {
  return __filename.endsWith('.ts') ? ['--require', require.resolve('tsx/cjs')] : [];
}

async function createDataFolder(pgdata: string, cacheDir: string): Promise<void> {
  const extensions = await embeddedExtensions(cacheDir);
  const db = await PGlite.create({ dataDir: pgdata, extensions, startParams: startParams() });
  try {
    for (const name of Object.keys(extensions)) await db.exec(`CREATE EXTENSION IF NOT EXISTS ${name}`);
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  createDataFolder(process.argv[2], process.argv[3]).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(
        `creating the embedded database failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
