import fs from 'node:fs';
import { startEmbedded } from '../../src/db/embedded';
import { migrate } from './migrate';

/**
 * A jest worker's embedded database in a process of its own (started by worker-database.ts):
 * an in-memory PGlite + PostGIS started from the snapshot (pglite-snapshot.ts) named in argv,
 * migrated, served on a loopback port. It reports its URL over the IPC channel and lives until
 * that channel closes, that is until the worker exits or is killed, so a finished worker never
 * waits for its database and no database outlives its run.
 */
async function main(snapshot: string): Promise<void> {
  const database = await startEmbedded(null, new Blob([fs.readFileSync(snapshot)]));
  process.once('disconnect', () => {
    void database.stop().finally(() => process.exit(0));
  });
  await migrate(database.url, true);
  process.send?.({ url: database.url });
}

main(process.argv[2]).catch((error: unknown) => {
  process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
