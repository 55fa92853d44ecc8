import pino from 'pino';
import supertest from 'supertest';
import { buildApp } from '../../src/app';
import {
  listenForCatalogueChanges,
  LISTENER_APPLICATION_NAME,
  type CatalogueListener,
} from '../../src/db/catalogue-listener';
import { PUBLIC_CHANNEL } from '../../src/db/public-changes';
import { cachedCatalogue } from '../../src/domain/catalogue-cache';
import { answerCache } from '../../src/http/answer-cache';
import { loadCatalogue } from '../../src/repositories/catalogue-repository';
import { createHandler, type TestHandler } from '../support/admin';
import { seedCatalogue, type TestCatalogue } from '../support/catalogue';
import { createTestContext, type TestContext } from '../support/context';
import { plantYesterday } from '../support/factories';

/**
 * A write through one instance makes the others forget their public answers (docs/scale-out.md,
 * "Public answers"): the writing process announces it on PUBLIC_CHANNEL after its commit and each
 * process's listener drops what it kept. Two app instances on one database, both keeping answers
 * for an hour, so only the announcement can make the change show. PostgreSQL only: the embedded
 * database is one process.
 */
const onPostgres = process.env.TEST_DATABASE_PGLITE === 'true' ? describe.skip : describe;

const HOUR = { PUBLIC_CACHE_SECONDS: '3600', CATALOGUE_CACHE_SECONDS: '3600' };
const LIST = '/open311/v2/requests.json?service_code=102';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let a: TestContext;
let b: TestContext;
let s: TestCatalogue;
let admin: TestHandler;
let listener: CatalogueListener | null = null;
let planted = 0;

async function plant(): Promise<string> {
  planted += 1;
  const publicId = `2026-2000${String(planted).padStart(2, '0')}`;
  await plantYesterday(a.db.pool, s.litter, publicId);
  return publicId;
}

/** b keeps answers for an hour; with `withListener`, as serve.ts wires it, announcements drop them. */
async function instanceB(withListener: boolean): Promise<TestContext> {
  const url = process.env.TEST_DATABASE_URL as string;
  const context = await createTestContext({ ...HOUR, DATABASE_URL: url }, { reset: false });
  const answers = answerCache(3600);
  const logger = pino({ level: 'silent' });
  const catalogue = cachedCatalogue(() => loadCatalogue(context.db.pool), 3600);
  const app = buildApp({ config: context.config, db: context.db, media: context.media, catalogue, logger, answers });
  if (withListener) {
    listener = listenForCatalogueChanges({
      url,
      onChange: () => undefined,
      onPublicChange: () => answers.invalidate(),
      logger,
      retryMs: 50,
    });
    await waitForListener();
  }
  return { ...context, app, api: supertest(app.callback()) };
}

/** Until the listener's connection has run its last LISTEN, the public channel's. */
async function waitForListener(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const result = await a.db.pool.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE application_name = $1 AND datname = current_database() AND state = 'idle' AND query = $2`,
      [LISTENER_APPLICATION_NAME, `LISTEN ${PUBLIC_CHANNEL}`],
    );
    if (result.rows[0].n === 1) return;
    await sleep(25);
  }
  throw new Error('the listener did not LISTEN');
}

/** Milliseconds until b's list no longer shows `id`, or null if not within `limitMs`. */
async function goneOnB(id: string, limitMs: number): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if (!(await b.api.get(LIST)).text.includes(id)) return Date.now() - started;
    await sleep(10);
  }
  return null;
}

const hideOnA = async (id: string) => {
  const response = await a.api
    .patch(`/admin/v1/requests/${id}/publication`)
    .set(admin.auth)
    .send({ visibility: 'hidden' });
  expect(response.status).toBe(200);
};

onPostgres("a write through one instance, and another instance's kept answers", () => {
  beforeAll(async () => {
    a = await createTestContext({ ...HOUR, DATABASE_URL: process.env.TEST_DATABASE_URL as string });
    s = await seedCatalogue(a.db.pool);
    admin = await createHandler(a.db.pool, 'admin');
  });
  afterEach(async () => {
    await listener?.stop();
    listener = null;
    await b?.close();
  });
  afterAll(() => a.close());

  it('when b has no listener, then its hour-long answer still shows a request hidden through a (the control)', async () => {
    b = await instanceB(false);
    const id = await plant();
    await b.api.get(LIST);
    expect((await b.api.get(LIST)).text).toContain(id);
    await hideOnA(id);
    expect(await goneOnB(id, 500)).toBeNull();
  });

  it("when b listens, then a request hidden through a is gone from b's lists within a second", async () => {
    b = await instanceB(true);
    const id = await plant();
    await b.api.get(LIST);
    expect((await b.api.get(LIST)).text).toContain(id);
    await hideOnA(id);
    expect(await goneOnB(id, 1000)).not.toBeNull();
  });
});
