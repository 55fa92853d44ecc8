import { Writable } from 'node:stream';
import { Pool } from 'pg';
import pino from 'pino';
import type supertest from 'supertest';
import { postgresLimitStore } from '../../src/http/limit-store';
import { batchedLimiter } from '../../src/http/batched-limit';
import { addRateLimitHits, deleteExpiredRateLimits } from '../../src/repositories/rate-limit-repository';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue } from '../support/catalogue';
import { createApiKey } from '../support/factories';
import { expectValidXmlResponse } from '../support/openapi';

/**
 * Rate limits shared by every process when DATABASE_URL is set (docs/scale-out.md, "Rate
 * limits"): two app instances on one database are two processes behind a load balancer. The
 * embedded database keeps counting per process.
 *
 * The shared store runs only with DATABASE_URL, i.e. on PostgreSQL: the embedded database is one
 * process and never uses it, so those tests are skipped on the PGlite test database. The
 * per-process and the unreachable-store tests run on both.
 */
const onPostgres = process.env.TEST_DATABASE_PGLITE === 'true' ? describe.skip : describe;

const ORIGIN = 'http://palaute.test';
const PLANTED_ADDRESS = '198.51.100.73';
const PLANTED_EMAIL = 'planted.limit@example.invalid';

let key: string;
let a: TestContext;
let b: TestContext;

/** Two instances on the test database; the first empties it. */
async function instances(env: Record<string, string>): Promise<[TestContext, TestContext]> {
  const first = await createTestContext({ TRUST_PROXY: 'true', ...env });
  const second = await createTestContext({ TRUST_PROXY: 'true', ...env }, { reset: false });
  return [first, second];
}

const feedback = (email = 'someone@example.invalid') => ({
  service_code: '900',
  description: 'Terveysaseman ajanvaraus ei vastaa puhelimeen.',
  email,
});

const post = (t: TestContext, address: string, format = 'json', email?: string) =>
  t.api
    .post(`/open311/v2/requests.${format}`)
    .set('X-Forwarded-For', address)
    .type('form')
    .send({ api_key: key, ...feedback(email) });

const askLink = (t: TestContext, address: string, email: string) =>
  t.api.post('/my/sign-in?lang=en').set('X-Forwarded-For', address).set('Origin', ORIGIN).type('form').send({ email });

const getServices = (t: TestContext, address: string) =>
  t.api.get('/open311/v2/services.json').set('X-Forwarded-For', address);

const retryAfter = (response: supertest.Response) => Number(response.headers['retry-after']);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

onPostgres('with DATABASE_URL, two instances share the limits', () => {
  beforeAll(async () => {
    const url = process.env.TEST_DATABASE_URL as string;
    [a, b] = await instances({
      DATABASE_URL: url,
      RATE_LIMIT_POSTS_PER_ADDRESS: '2',
      RATE_LIMIT_GETS_PER_ADDRESS: '3',
      RATE_LIMIT_SYNC_MS: '20',
      SIGN_IN_LINKS_PER_ADDRESS: '2',
      SIGN_IN_LINKS_PER_EMAIL: '2',
    });
    await a.db.pool.query('TRUNCATE rate_limit');
    await seedCatalogue(a.db.pool);
    key = await createApiKey(a.db.pool);
  }, 60000);
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('when an address posts twice through one instance, then its third POST through the other is refused with 429, Retry-After and a GeoReport error', async () => {
    expect((await post(a, PLANTED_ADDRESS)).status).toBe(200);
    expect((await post(b, PLANTED_ADDRESS)).status).toBe(200);
    const refused = await post(a, PLANTED_ADDRESS, 'xml');
    expect(refused.status).toBe(429);
    expect(retryAfter(refused)).toBeGreaterThanOrEqual(55);
    expect(retryAfter(refused)).toBeLessThanOrEqual(60);
    expect(expectValidXmlResponse('createRequest', 429, refused.text)).toEqual([
      { code: 429, description: `too many requests from this address: try again in ${retryAfter(refused)} s` },
    ]);
    // The instance that used the last point refuses from memory, with the same window.
    const again = await post(b, PLANTED_ADDRESS);
    expect(again.status).toBe(429);
    expect(Math.abs(retryAfter(again) - retryAfter(refused))).toBeLessThanOrEqual(1);
    expect(again.body[0].description).toBe(`too many requests from this address: try again in ${retryAfter(again)} s`);
    expect((await post(b, '198.51.100.74')).status).toBe(200);
  });

  it('when an address asks for sign-in links through both instances, then the third is refused with an hour-long Retry-After', async () => {
    expect((await askLink(a, PLANTED_ADDRESS, 'first@example.invalid')).status).toBe(200);
    expect((await askLink(b, PLANTED_ADDRESS, 'second@example.invalid')).status).toBe(200);
    const refused = await askLink(a, PLANTED_ADDRESS, 'third@example.invalid');
    expect(refused.status).toBe(429);
    expect(retryAfter(refused)).toBeGreaterThanOrEqual(3595);
    expect(retryAfter(refused)).toBeLessThanOrEqual(3600);
    expect(refused.text).toContain('Too many requests');
  });

  it('when one e-mail address asks for links through both instances, then only the first two are mailed', async () => {
    expect((await post(a, '198.51.100.80', 'json', PLANTED_EMAIL)).status).toBe(200);
    const links = async () =>
      Number((await a.db.pool.query(`SELECT count(*) FROM outbox WHERE kind = 'sign_in_link'`)).rows[0].count);
    const before = await links();
    const answers = [
      await askLink(a, '198.51.100.81', PLANTED_EMAIL),
      await askLink(b, '198.51.100.82', PLANTED_EMAIL),
      await askLink(a, '198.51.100.83', PLANTED_EMAIL),
      await askLink(b, '198.51.100.84', PLANTED_EMAIL),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
    expect((await links()) - before).toBe(2);
  });

  it('when an address reads through both instances, then the shared GET count refuses it on both once they have synced', async () => {
    const address = '198.51.100.90';
    expect((await getServices(a, address)).status).toBe(200);
    expect((await getServices(a, address)).status).toBe(200);
    await pause(200);
    expect((await getServices(b, address)).status).toBe(200);
    await pause(200);
    const refused = await getServices(b, address);
    expect(refused.status).toBe(429);
    expect(retryAfter(refused)).toBeGreaterThanOrEqual(55);
    expect(retryAfter(refused)).toBeLessThanOrEqual(60);
    expect(refused.body).toEqual([
      { code: 429, description: `too many requests from this address: try again in ${retryAfter(refused)} s` },
    ]);
    // Instance a learns b's count at its next sync: at most the calls of one sync interval pass meanwhile.
    await getServices(a, address);
    await pause(200);
    expect((await getServices(a, address)).status).toBe(429);
    const row = await a.db.pool.query(`SELECT points FROM rate_limit WHERE key LIKE 'get-address:%'`);
    expect(row.rows.map((r) => r.points)).toEqual([4]);
  });

  it('when two processes sync the same addresses in opposite orders at once, then both totals are right and neither fails', async () => {
    const errors: unknown[] = [];
    const make = () =>
      batchedLimiter({
        keyPrefix: 'get-order-test',
        points: 10,
        duration: 60,
        pool: a.db.pool,
        syncMs: 60000,
        warn: (error) => errors.push(error),
      });
    const [first, second] = [make(), make()];
    const addresses = Array.from({ length: 3000 }, (_, i) => `10.${i >> 8}.${i & 255}.1`);
    for (let round = 0; round < 3; round += 1) {
      for (const address of addresses) await first(address);
      for (const address of [...addresses].reverse()) await second(address);
      await Promise.all([first.sync(), second.sync()]);
    }
    expect(errors).toEqual([]);
    const totals = await a.db.pool.query(`SELECT DISTINCT points FROM rate_limit WHERE key LIKE 'get-order-test:%'`);
    expect(totals.rows).toEqual([{ points: 6 }]);
    // Both now know the shared total: 4 more each would pass alone, but together they stop at 10.
    for (let i = 0; i < 2; i += 1) expect(await first('10.0.1.1')).toBeNull();
    await first.sync();
    await second('10.0.1.1');
    await second.sync();
    expect(await second('10.0.1.1')).toBeNull();
    expect(await second('10.0.1.1')).not.toBeNull();
  });

  it('when the limits have counted, then the table holds only hashes: no client address and no e-mail address', async () => {
    const rows = (await a.db.pool.query<{ key: string }>('SELECT key FROM rate_limit')).rows;
    expect(rows.length).toBeGreaterThan(0);
    for (const { key: stored } of rows) {
      expect(stored).toMatch(
        /^(address|api_key|get-address|get-order-test|sign-in-address|sign-in-email):[0-9a-f]{64}$/,
      );
    }
    const dump = JSON.stringify(rows);
    for (const planted of [PLANTED_ADDRESS, '198.51.100', PLANTED_EMAIL, 'planted.limit'])
      expect(dump).not.toContain(planted);
  });
});

describe('the rate_limit table', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({}, { reset: false });
    await t.db.pool.query('TRUNCATE rate_limit');
  });
  afterAll(() => t.close());

  it('is unlogged: counting a POST waits for no WAL flush, and standbys do not carry it', async () => {
    const { rows } = await t.db.pool.query(`SELECT relpersistence FROM pg_class WHERE relname = 'rate_limit'`);
    expect(rows).toEqual([{ relpersistence: 'u' }]);
  });

  it('when counts are added in a batch, then new and ended windows start over and running ones add up', async () => {
    const now = Date.now();
    await addRateLimitHits(t.db.pool, [{ key: 'test:ended', points: 5, expire: now - 1000 }], now - 2000);
    await addRateLimitHits(t.db.pool, [{ key: 'test:running', points: 2, expire: now + 60000 }], now);
    const rows = await addRateLimitHits(
      t.db.pool,
      [
        { key: 'test:ended', points: 1, expire: now + 60000 },
        { key: 'test:running', points: 3, expire: now + 99999 },
        { key: 'test:new', points: 4, expire: now + 60000 },
      ],
      now,
    );
    expect(rows.sort((x, y) => x.key.localeCompare(y.key))).toEqual([
      { key: 'test:ended', points: 1, expire: now + 60000 },
      { key: 'test:new', points: 4, expire: now + 60000 },
      { key: 'test:running', points: 5, expire: now + 60000 },
    ]);
  });

  it('when the cleanup runs, then counters whose window ended before its cut-off are deleted and the others stay', async () => {
    const now = Date.now();
    await addRateLimitHits(t.db.pool, [{ key: 'test:long-gone', points: 1, expire: now - 600000 }], now - 700000);
    expect(await deleteExpiredRateLimits(t.db.pool, now - 300000)).toBe(1);
    const keys = (await t.db.pool.query<{ key: string }>(`SELECT key FROM rate_limit ORDER BY key`)).rows;
    expect(keys.map((row) => row.key)).toEqual(['test:ended', 'test:new', 'test:running']);
  });
});

describe('on the embedded database (no DATABASE_URL)', () => {
  beforeAll(async () => {
    [a, b] = await instances({ RATE_LIMIT_POSTS_PER_ADDRESS: '2', SIGN_IN_LINKS_PER_ADDRESS: '1' });
    await seedCatalogue(a.db.pool);
    key = await createApiKey(a.db.pool);
  }, 60000);
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('when an address posts through two processes, then each counts its own POSTs and sign-in links', async () => {
    const address = '203.0.113.40';
    expect((await post(a, address)).status).toBe(200);
    expect((await post(a, address)).status).toBe(200);
    expect((await post(b, address)).status).toBe(200);
    expect((await post(b, address)).status).toBe(200);
    const refused = await post(a, address);
    expect(refused.status).toBe(429);
    expect(retryAfter(refused)).toBeGreaterThanOrEqual(55);
    expect((await askLink(a, address, 'x@example.invalid')).status).toBe(200);
    expect((await askLink(b, address, 'x@example.invalid')).status).toBe(200);
    expect((await askLink(a, address, 'x@example.invalid')).status).toBe(429);
  });
});

describe('when the database of the shared limits does not answer', () => {
  /** A pool on a port where nothing listens: every query fails at once. */
  const unreachable = new Pool({ connectionString: 'postgres://nobody@127.0.0.1:9/none', max: 1 });
  const lines: string[] = [];
  const logger = pino(
    { level: 'warn' },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  afterAll(() => unreachable.end());

  it('then POST and sign-in limits count per process (the insurance limiter) and the log says so', async () => {
    const limiter = postgresLimitStore(unreachable, logger, 20).limiter({
      keyPrefix: 'address',
      points: 2,
      duration: 60,
    });
    expect(await limiter('192.0.2.1')).toBeNull();
    expect(await limiter('192.0.2.1')).toBeNull();
    const refused = await limiter('192.0.2.1');
    expect(refused?.msBeforeNext).toBeGreaterThan(55000);
    expect(await limiter('192.0.2.2')).toBeNull();
    expect(lines.filter((line) => line.includes('the database does not answer'))).toHaveLength(1);
  });

  it('then public GETs are let through up to the limit of this process and the failed sync is reported', async () => {
    let warned = 0;
    const limiter = batchedLimiter({
      keyPrefix: 'get-address',
      points: 3,
      duration: 60,
      pool: unreachable,
      syncMs: 20,
      warn: () => (warned += 1),
    });
    for (let i = 0; i < 3; i += 1) expect(await limiter('192.0.2.9')).toBeNull();
    await limiter.sync();
    expect(warned).toBe(1);
    const refused = await limiter('192.0.2.9');
    expect(refused?.msBeforeNext).toBeGreaterThan(55000);
  });
});
