import { openDatabase } from '../../src/db/database';

/** Brings a test database's schema up to date (the same migrations the service runs at start). */
export async function migrate(url: string, pglite: boolean): Promise<void> {
  const db = await openDatabase({ databaseUrl: url, dataDir: '', dbPoolSize: 1, pglite });
  await db.close();
}
