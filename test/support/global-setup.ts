import { migrate } from './migrate';
import { pgliteSnapshot } from './pglite-snapshot';
import { dropWorkerDatabases } from './worker-database';

/**
 * Each jest worker gets a database of its own (test/support/worker-database.ts). On PostgreSQL
 * (DATABASE_URL) the database named there is migrated once here and becomes the template the
 * workers copy; on the embedded default the workers start their PGlite from a snapshot made here.
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.DATABASE_URL || '';
  if (url === '') {
    process.env.TEST_PGLITE_SNAPSHOT = await pgliteSnapshot();
    return;
  }
  await migrate(url, false);
  await dropWorkerDatabases(url);
  process.env.TEST_TEMPLATE_DATABASE_URL = url;
}
