import { dropWorkerDatabases, stopWorkerDatabase } from './worker-database';

/** In band the worker is this process: stop its embedded database. On PostgreSQL drop the workers' copies. */
export default async function globalTeardown(): Promise<void> {
  stopWorkerDatabase();
  const template = process.env.TEST_TEMPLATE_DATABASE_URL;
  if (template) await dropWorkerDatabases(template);
}
