import { startEmbedded, type EmbeddedDatabase } from '../../src/db/embedded';
import { openDatabase } from '../../src/db/database';

declare global {
  var embeddedTestDatabase: EmbeddedDatabase | undefined;
}

/**
 * One database for the run: DATABASE_URL (real PostgreSQL + PostGIS) when set, else an
 * in-memory PGlite + PostGIS served on loopback. Migrations run here once; each test file
 * then empties the tables and creates the data it needs (test/support/context.ts).
 */
export default async function globalSetup(): Promise<void> {
  let url = process.env.DATABASE_URL || '';
  if (url === '') {
    globalThis.embeddedTestDatabase = await startEmbedded(null);
    url = globalThis.embeddedTestDatabase.url;
    process.env.TEST_DATABASE_PGLITE = 'true';
  }
  process.env.TEST_DATABASE_URL = url;
  const db = await openDatabase({
    databaseUrl: url,
    dataDir: '',
    dbPoolSize: 1,
    pglite: process.env.TEST_DATABASE_PGLITE === 'true',
  });
  await db.close();
}
