import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import os from 'node:os';
import { embeddedExtensions, startParams } from '../../src/db/embedded-extensions';

const root = path.resolve(__dirname, '../..');

const version = (name: string): string =>
  (JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
    .version;

/**
 * A fresh PGlite cluster with the extensions created, dumped once and kept between runs:
 * creating the cluster and PostGIS costs about 20 s of CPU, starting from the dump about 5, and
 * every test worker starts a database. The migrations still run on each worker's copy. The file
 * name carries the PGlite and PostGIS versions, so an upgrade makes a new one.
 */
export async function pgliteSnapshot(): Promise<string> {
  const loaded = await embeddedExtensions(os.tmpdir());
  const extensions = Object.keys(loaded);
  const name = [
    'pglite',
    version('@electric-sql/pglite'),
    'postgis',
    version('@electric-sql/pglite-postgis'),
    ...extensions,
  ].join('-');
  const file = path.join(root, 'node_modules', '.cache', 'palaute311', `${name}.tar.gz`);
  if (fs.existsSync(file)) return file;
  const db = await PGlite.create({ extensions: loaded, startParams: startParams() });
  try {
    for (const extension of extensions) await db.exec(`CREATE EXTENSION IF NOT EXISTS ${extension}`);
    const dump = await db.dumpDataDir('gzip');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Written aside and renamed: a run killed halfway, or two runs at once, never leave half a file.
    const partial = `${file}.${process.pid}`;
    fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(partial, file);
  } finally {
    await db.close();
  }
  return file;
}
