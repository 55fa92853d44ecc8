import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The embedded database is set up for a small resident size (docs/benchmarks.md: Memory) without losing
 * PostGIS: a fresh data folder is created by a child process (initdb and the extensions), PostGIS
 * comes from a slim bundle that keeps the PROJ data, and shared_buffers is 16 MB. PGlite cannot
 * start inside jest's sandbox, so test/support/embedded-probe.ts runs it as its own process.
 */
const run = promisify(execFile);
const PROBE = path.join(__dirname, '../support/embedded-probe.ts');
const PACKAGE_BUNDLE = path.join(path.dirname(require.resolve('@electric-sql/pglite-postgis')), 'postgis.tar.gz');

let dataDir: string;
beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'palaute311-embedded-test-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function probe(): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, ['--require', require.resolve('tsx/cjs'), PROBE, dataDir]);
  return JSON.parse(stdout.trim().split('\n').pop() as string) as Record<string, unknown>;
}

const EXPECTED = {
  extensions: ['btree_gist', 'pg_trgm', 'plpgsql', 'postgis'],
  shared_buffers: '16MB',
  postgis: expect.stringMatching(/^3\./),
  // 0.01° of latitude on the spheroid.
  metres: 1114,
  // EPSG:3067 (ETRS-TM35FIN) needs the PROJ database, which the slim bundle keeps.
  etrs_x: 395314,
};

describe('embedded database', () => {
  it('when it starts on a fresh data folder, then PostGIS, pg_trgm and btree_gist are there, with a 16 MB buffer pool', async () => {
    const answer = await probe();
    expect(answer).toEqual(EXPECTED);
    const slim = fs.readdirSync(dataDir).filter((name) => /^palaute311-postgis-.*-slim\.tar\.gz$/.test(name));
    expect(slim).toHaveLength(1);
    expect(fs.statSync(path.join(dataDir, slim[0])).size).toBeLessThan(fs.statSync(PACKAGE_BUNDLE).size / 2);
  }, 180000);

  it('when it starts again on the same folder, then it resumes with the same answers', async () => {
    expect(await probe()).toEqual(EXPECTED);
  }, 180000);
});
