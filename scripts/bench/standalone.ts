import path from 'node:path';
import { readOptions, type BenchOptions } from './options';
import { prepareDatabase, type Seeded } from './seed';
import { build } from './servers';

export type Log = (line?: string) => void;

/** The repository root, whether this runs from the sources (tsx) or from dist/. */
export const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..');

/**
 * What a benchmark run on its own starts with (each is also a part of `npm run bench`): the
 * BENCH_* options, a log to stdout, a fresh build, and the seeded database, whose state is logged.
 */
export async function standaloneStart(): Promise<{ options: BenchOptions; log: Log; seeded: Seeded }> {
  const options = readOptions(process.argv.slice(2), process.env);
  const log: Log = (line = '') => process.stdout.write(`${line}\n`);
  build(ROOT);
  const seeded = await prepareDatabase(options.databaseUrl, options.requests, log);
  log(`- database: ${seeded.action}`);
  return { options, log, seeded };
}

/** Runs a stand-alone benchmark; a failure prints `<name> bench failed: …` and exits 1. */
export function runStandalone(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(
      `${name} bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
