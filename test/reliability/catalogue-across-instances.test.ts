import pino from 'pino';
import supertest from 'supertest';
import { buildApp } from '../../src/app';
import {
  listenForCatalogueChanges,
  LISTENER_APPLICATION_NAME,
  type CatalogueListener,
} from '../../src/db/catalogue-listener';
import { cachedCatalogue } from '../../src/domain/catalogue-cache';
import { loadCatalogue } from '../../src/repositories/catalogue-repository';
import { createHandler, type TestHandler } from '../support/admin';
import { seedCatalogue } from '../support/catalogue';
import { createTestContext, type TestContext } from '../support/context';

/**
 * A catalogue change made through one instance shows in the others at once (docs/scale-out.md,
 * "Caches across instances"): every change NOTIFYs at commit and each process's listener drops
 * its cached catalogue. Two app instances on one database, both with an hour-long cache, so only
 * the notification can make the change show. LISTEN/NOTIFY runs with DATABASE_URL only: the
 * embedded database is one process, which drops its own cache when it makes a change.
 */
const onPostgres = process.env.TEST_DATABASE_PGLITE === 'true' ? describe.skip : describe;

const HOUR = { CATALOGUE_CACHE_SECONDS: '3600' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let a: TestContext;
let b: TestContext;
let admin: TestHandler;
let listener: CatalogueListener | null = null;

/** Instance b's public name of service 102, as a client of b sees it. */
async function nameOnB(): Promise<string> {
  const response = await b.api.get('/open311/v2/services.json?locale=en');
  return (response.body as { service_code: string; service_name: string }[]).find((s) => s.service_code === '102')
    ?.service_name as string;
}

/** Renames service 102 through instance a's admin API. */
async function renameOnA(name: string): Promise<void> {
  const response = await a.api
    .patch('/admin/v1/services/102')
    .set(admin.auth)
    .send({ names: { fi: `Roskaaminen ${name}`, en: name } });
  expect(response.status).toBe(200);
}

/** Milliseconds until b shows `name`, or null if not within `limitMs`. */
async function shownOnB(name: string, limitMs: number): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if ((await nameOnB()) === name) return Date.now() - started;
    await sleep(10);
  }
  return null;
}

/** b's catalogue, cached for an hour, dropped by the listener as serve.ts wires it. */
async function instanceB(withListener: boolean): Promise<TestContext> {
  const url = process.env.TEST_DATABASE_URL as string;
  const context = await createTestContext({ ...HOUR, DATABASE_URL: url }, { reset: false });
  const catalogue = cachedCatalogue(() => loadCatalogue(context.db.pool), 3600);
  // The app reads the catalogue through deps; a test context builds its own, so swap it in.
  const logger = pino({ level: 'silent' });
  const app = buildApp({ config: context.config, db: context.db, catalogue, logger, media: context.media });
  if (withListener) {
    listener = listenForCatalogueChanges({ url, onChange: () => catalogue.invalidate(), logger, retryMs: 50 });
  }
  return { ...context, app, api: supertest(app.callback()) };
}

onPostgres('a catalogue change through one instance, seen by another', () => {
  beforeAll(async () => {
    a = await createTestContext({ ...HOUR, DATABASE_URL: process.env.TEST_DATABASE_URL as string });
    await seedCatalogue(a.db.pool);
    admin = await createHandler(a.db.pool, 'admin');
  });
  afterEach(async () => {
    await listener?.stop();
    listener = null;
    await b?.close();
  });
  afterAll(() => a.close());

  it('when b has no listener, then its hour-long cache keeps the old name (the control)', async () => {
    b = await instanceB(false);
    expect(await nameOnB()).toBe('Litter');
    await renameOnA('Litter control');
    expect(await shownOnB('Litter control', 1000)).toBeNull();
  });

  it('when b listens, then the new name shows there within a second', async () => {
    b = await instanceB(true);
    await nameOnB();
    // The listener's LISTEN is in place once its connection shows in pg_stat_activity.
    await waitForListener();
    await renameOnA('Litter notified');
    const ms = await shownOnB('Litter notified', 1000);
    expect(ms).not.toBeNull();
  });

  it('when a change is rolled back, then nothing is notified and the cache stays', async () => {
    b = await instanceB(true);
    await waitForListener();
    const before = await nameOnB();
    // service_code 102 exists: the create is refused inside the transaction, after beginCatalogueChange.
    const refused = await a.api
      .post('/admin/v1/services')
      .set(admin.auth)
      .send({ service_code: '102', names: { fi: 'Kaksoiskappale', en: 'Duplicate' } });
    expect(refused.status).toBe(409);
    await a.db.pool.query(
      `UPDATE service SET names = names || '{"en": "Changed behind the cache"}' WHERE code = '102'`,
    );
    await sleep(300);
    expect(await nameOnB()).toBe(before);
  });

  it('when the listener loses its connection, then it connects again and later changes still show', async () => {
    b = await instanceB(true);
    await waitForListener();
    const killed = await a.db.pool.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
      [LISTENER_APPLICATION_NAME],
    );
    expect(killed.rowCount).toBe(1);
    await waitForListener();
    await nameOnB();
    await renameOnA('Litter after reconnect');
    expect(await shownOnB('Litter after reconnect', 1000)).not.toBeNull();
  });
});

/** Until this database shows one listener connection that has run its LISTEN. */
async function waitForListener(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const result = await a.db.pool.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE application_name = $1 AND datname = current_database() AND state = 'idle' AND query ILIKE 'LISTEN%'`,
      [LISTENER_APPLICATION_NAME],
    );
    if (result.rows[0].n === 1) return;
    await sleep(20);
  }
  throw new Error('the catalogue listener did not connect');
}
