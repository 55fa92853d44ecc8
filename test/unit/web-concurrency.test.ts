import { availableParallelism } from 'node:os';
import { restartDelayMs } from '../../src/cluster-primary';
import { loadConfig } from '../../src/config';

const PG = { DATABASE_URL: 'postgres://palaute@db.example/palaute' };

describe('WEB_CONCURRENCY (docs/scale-out.md)', () => {
  it('when DATABASE_URL is set, then one worker per core by default, and the pool is split among them', () => {
    const config = loadConfig(PG);
    expect(config.webConcurrency).toBe(availableParallelism());
    expect(config.dbPoolSize).toBe(Math.max(2, Math.floor(10 / availableParallelism())));
    expect(loadConfig({ ...PG, WEB_CONCURRENCY: '4' })).toMatchObject({ webConcurrency: 4, dbPoolSize: 2 });
    expect(loadConfig({ ...PG, WEB_CONCURRENCY: '1' })).toMatchObject({ webConcurrency: 1, dbPoolSize: 10 });
    expect(loadConfig({ ...PG, WEB_CONCURRENCY: '4', DB_POOL_SIZE: '8' }).dbPoolSize).toBe(8);
  });

  it('when the database is embedded, then one process, and more are refused with a message naming the variable', () => {
    expect(loadConfig({})).toMatchObject({ webConcurrency: 1, dbPoolSize: 10 });
    expect(loadConfig({ WEB_CONCURRENCY: '1' }).webConcurrency).toBe(1);
    expect(() => loadConfig({ WEB_CONCURRENCY: '2' })).toThrow(
      /WEB_CONCURRENCY must be 1 on the embedded database \(PGlite serves one process\); set DATABASE_URL/,
    );
  });

  it('when WEB_CONCURRENCY or BACKGROUND_JOBS is malformed, then the error names it', () => {
    expect(() => loadConfig({ ...PG, WEB_CONCURRENCY: '0' })).toThrow(
      /WEB_CONCURRENCY must be a whole number from 1 to 256, got "0"/,
    );
    expect(() => loadConfig({ ...PG, WEB_CONCURRENCY: 'kaksi' })).toThrow(/WEB_CONCURRENCY/);
    expect(() => loadConfig({ BACKGROUND_JOBS: 'joskus' })).toThrow(
      /BACKGROUND_JOBS must be true or false, got "joskus"/,
    );
    expect(loadConfig({}).backgroundJobs).toBe(true);
    expect(loadConfig({ BACKGROUND_JOBS: 'false' }).backgroundJobs).toBe(false);
  });

  it('when a worker keeps dying, then each restart waits longer, up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(restartDelayMs)).toEqual([
      0, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });
});
