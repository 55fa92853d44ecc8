import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { AddressInfo } from 'node:net';
import { initDataFolder } from './embedded-initdb';
import { embeddedExtensions, startParams } from './embedded-extensions';

export type EmbeddedDatabase = { url: string; stop(): Promise<void> };

const LOCK_FILE = 'palaute311.lock';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** PGlite allows one process per data folder: refuse politely instead of corrupting it. */
function takeLock(dataDir: string): string {
  const lockPath = path.join(dataDir, LOCK_FILE);
  if (fs.existsSync(lockPath)) {
    const pid = Number(fs.readFileSync(lockPath, 'utf8'));
    if (pid !== process.pid && Number.isInteger(pid) && processAlive(pid)) {
      throw new Error(
        `the embedded database in ${dataDir} is in use by process ${pid}; stop it first ` +
          '(PGlite serves one process at a time) or set DATABASE_URL',
      );
    }
  }
  fs.writeFileSync(lockPath, String(process.pid));
  return lockPath;
}

/**
 * Starts PGlite with PostGIS in-process and serves it on a loopback port, so the same `pg` /
 * TypeORM code path runs as on a real server (docs/architecture.md §7). Use a pool of one.
 */
export async function startEmbedded(dataDir: string | null, initialData?: Blob): Promise<EmbeddedDatabase> {
  let lockPath: string | null = null;
  if (dataDir !== null) {
    fs.mkdirSync(dataDir, { recursive: true });
    lockPath = takeLock(dataDir);
  }
  const pgdata = dataDir === null ? null : path.join(dataDir, 'pgdata');
  const cacheDir = dataDir ?? os.tmpdir();
  if (pgdata !== null) await initDataFolder(pgdata, cacheDir);
  const db = await PGlite.create({
    ...(pgdata === null ? {} : { dataDir: pgdata }),
    // In memory, a dumped data folder (PGlite's dumpDataDir) can replace the empty one: the
    // test workers start from a prepared one instead of creating the cluster each time.
    ...(pgdata === null && initialData ? { loadDataDir: initialData } : {}),
    extensions: await embeddedExtensions(cacheDir),
    startParams: startParams(),
  });
  // The app uses a pool of one; a few more slots let a closing connection overlap the next one
  // (the socket server queues their queries through the one PGlite backend).
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 8 });
  await server.start();
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      // Socket handlers detach on the next ticks and ask PGlite about open transactions: let them.
      await new Promise((resolve) => setTimeout(resolve, 100));
      await db.close();
      if (lockPath !== null) fs.rmSync(lockPath, { force: true });
    },
  };
}
