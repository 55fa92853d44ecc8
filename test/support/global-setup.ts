import { migrate } from './migrate';
import { dropWorkerDatabases } from './worker-database';

/**
 * On PostgreSQL (DATABASE_URL) the database named there is migrated once and becomes the
 * template each jest worker copies on first use (test/support/worker-database.ts). On the
 * embedded default each worker starts its own PGlite, so there is nothing to do here.
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.DATABASE_URL || '';
  if (url === '') return;
  await migrate(url, false);
  await dropWorkerDatabases(url);
  process.env.TEST_TEMPLATE_DATABASE_URL = url;
}
