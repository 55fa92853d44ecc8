import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Koa from 'koa';
import pino from 'pino';
import supertest from 'supertest';
import { buildApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { openDatabase, type Database } from '../../src/db/database';
import { cachedCatalogue } from '../../src/domain/catalogue-cache';
import { loadCatalogue } from '../../src/repositories/catalogue-repository';
import { configuredMediaStore } from '../../src/media/configured-media-store';
import type { MediaStore } from '../../src/media/media-store';

export type TestContext = {
  app: Koa;
  api: ReturnType<typeof supertest>;
  db: Database;
  config: Config;
  /** The app's media store: a fresh temporary folder, or the bucket that `env` names (MEDIA_STORE=s3). */
  media: MediaStore;
  close(): Promise<void>;
};

const TABLES =
  'outbox, request_event, request_contact, media, service_request, application, service_attribute, service, ' +
  'handler_credential, handler_department, handler, department, jurisdiction, sign_in_link, resident_session';

/** Empties every table: each test file starts from nothing and creates what it needs. */
export async function resetDatabase(db: Database): Promise<void> {
  await db.pool.query(`TRUNCATE ${TABLES} RESTART IDENTITY CASCADE`);
  await db.pool.query(`ALTER SEQUENCE service_request_number RESTART`);
  // Each later city's own number sequence (docs/domain-model.md, "Cities") goes with its row.
  await db.pool.query(`
    DO $$ DECLARE s text; BEGIN
      FOR s IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind = 'S' AND n.nspname = current_schema()
                  AND c.relname ~ '^service_request_number_[a-z]{2,6}$' LOOP
        EXECUTE format('DROP SEQUENCE %I', s);
      END LOOP;
    END $$`);
}

/** A real app on the test database (no mocks), catalogue cache off so changes show at once. */
export async function createTestContext(
  env: Record<string, string> = {},
  options = { reset: true },
): Promise<TestContext> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (jest.config.js)');
  const config = loadConfig({
    CATALOGUE_CACHE_SECONDS: '0',
    COUNT_CACHE_SECONDS: '0',
    PUBLIC_CACHE_SECONDS: '0',
    PUBLIC_BASE_URL: 'http://palaute.test',
    RATE_LIMIT_POSTS_PER_ADDRESS: '0',
    RATE_LIMIT_POSTS_PER_KEY: '0',
    RATE_LIMIT_GETS_PER_ADDRESS: '0',
    MEDIA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'palaute311-media-')),
    ...env,
  });
  const db = await openDatabase({
    databaseUrl: url,
    dataDir: '',
    dbPoolSize: 4,
    databaseReadUrl: config.databaseReadUrl,
    pglite: process.env.TEST_DATABASE_PGLITE === 'true',
  });
  if (options.reset) await resetDatabase(db);
  const catalogue = cachedCatalogue(() => loadCatalogue(db.pool), config.catalogueCacheSeconds);
  const media = configuredMediaStore(config);
  const app = buildApp({
    media,
    config,
    db,
    catalogue,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }, pino.destination({ dest: 2, sync: true })),
  });
  return { app, api: supertest(app.callback()), db, config, media, close: () => db.close() };
}
