import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite, type Extension } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { create, extract } from 'tar';

// The contrib build ships ESM-only type declarations; its CommonJS build is what runs here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm') as { pg_trgm: Extension };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { btree_gist } = require('@electric-sql/pglite/contrib/btree_gist') as { btree_gist: Extension };

/**
 * What the embedded database needs of PostGIS: the `postgis` extension (library, control file,
 * install and upgrade scripts) and the PROJ data it reads. The package's bundle also carries
 * postgis_raster (with GDAL), postgis_topology and the tiger geocoder, which the migrations never
 * create but PGlite would still copy into memory and compile at every start.
 */
const KEEP = [
  /^lib\/postgresql\/postgis-3\.so$/,
  /^share\/postgresql\/extension\/postgis\.control$/,
  /^share\/postgresql\/extension\/postgis--(?!.*unpackaged).*\.sql$/,
  /^share\/proj\//,
];

const keep = (entry: string): boolean => {
  const name = entry.replace(/^\.\//, '');
  return name === '' || KEEP.some((pattern) => pattern.test(name)) || isAncestorOfKept(name);
};

/** Directory entries (`share/`, `share/postgresql/`) that lead to something kept. */
const isAncestorOfKept = (name: string): boolean =>
  name.endsWith('/') &&
  ['lib/postgresql/', 'share/postgresql/extension/', 'share/proj/'].some((d) => d.startsWith(name));

function packageBundle(): { file: string; version: string } {
  const dist = path.dirname(require.resolve('@electric-sql/pglite-postgis'));
  const { version } = JSON.parse(fs.readFileSync(path.join(dist, '..', 'package.json'), 'utf8')) as { version: string };
  return { file: path.join(dist, 'postgis.tar.gz'), version };
}

/** Writes the slimmed bundle once per package version (a temp name, then an atomic rename). */
async function slimBundle(cacheDir: string): Promise<string> {
  const source = packageBundle();
  const target = path.join(cacheDir, `palaute311-postgis-${source.version}-slim.tar.gz`);
  if (fs.existsSync(target)) return target;
  fs.mkdirSync(cacheDir, { recursive: true });
  const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'palaute311-postgis-'));
  const partial = `${target}.${process.pid}.partial`;
  try {
    await extract({ file: source.file, cwd: unpacked, filter: keep });
    await create({ file: partial, cwd: unpacked, gzip: { level: 1 }, portable: true }, fs.readdirSync(unpacked));
    fs.renameSync(partial, target);
  } finally {
    fs.rmSync(unpacked, { recursive: true, force: true });
    fs.rmSync(partial, { force: true });
  }
  return target;
}

/**
 * @electric-sql/pglite-postgis with a bundle of only what `CREATE EXTENSION postgis` uses:
 * about 280 MB less resident memory and several seconds less start-up (docs/benchmarks.md: Memory).
 * The slim bundle is cached in `cacheDir`, named after the package version.
 */
async function slimPostgis(cacheDir: string): Promise<Extension> {
  const bundle = pathToFileURL(await slimBundle(cacheDir));
  return {
    name: postgis.name,
    setup: async (pg, emscriptenOpts) => ({
      ...(await postgis.setup(pg, emscriptenOpts)),
      bundlePath: bundle,
    }),
  };
}

/** The extensions the migrations create, as PGlite loads them. */
export async function embeddedExtensions(cacheDir: string): Promise<Record<string, Extension>> {
  return { postgis: await slimPostgis(cacheDir), pg_trgm, btree_gist };
}

/**
 * postgresql.conf for the one in-process backend. PGlite's WebAssembly memory never shrinks, so
 * every buffer touched once stays resident: initdb's 128 MB of shared_buffers became ~120 MB of
 * RSS. The data files sit in the OS page cache anyway.
 */
const SETTINGS: Record<string, string> = { shared_buffers: '16MB', maintenance_work_mem: '16MB' };

export const startParams = (): string[] => [
  ...PGlite.defaultStartParams,
  ...Object.entries(SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
];
