import { TestEnvironment } from 'jest-environment-node';
import { workerDatabase } from './worker-database';

/**
 * jest's node environment, pointed at this worker's database (TEST_DATABASE_URL, read by
 * test/support/context.ts and handed to child processes). Jest gives every test file a fresh
 * module registry, but loads this environment module once per worker process, so the database
 * made for the worker's first file serves its next files too. It is made here rather than in a
 * hook because starting and migrating a PGlite can outlast a hook's timeout on a busy machine.
 */
export default class DatabaseEnvironment extends TestEnvironment {
  async setup(): Promise<void> {
    await super.setup();
    const { url, pglite } = await workerDatabase();
    this.global.process.env.TEST_DATABASE_URL = url;
    if (pglite) this.global.process.env.TEST_DATABASE_PGLITE = 'true';
  }
}
