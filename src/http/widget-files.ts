import fs from 'node:fs';
import path from 'node:path';
import { etagOf } from './etag';

/** One file of the web widget's build, as the router serves it. */
export type WidgetFile = { name: string; bytes: Uint8Array; type: string; etag: string };
export type WidgetFiles = { version: string; entry: string; files: Map<string, WidgetFile> };

type Manifest = { version: string; entry: string; files: string[] };

/** Compiled (dist/src/http) the server serves dist/widget, which `npm run build` wrote. */
const BUILT_DIR = path.resolve(__dirname, '..', '..', 'widget');
/** From the TypeScript sources (jest, tsx) there is no build step: esbuild builds on first use. */
const FROM_SOURCES = __filename.endsWith('.ts');

async function readBuilt(dir: string): Promise<WidgetFiles> {
  const manifestPath = path.join(dir, 'manifest.json');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await fs.promises.readFile(manifestPath, 'utf8')) as Manifest;
  } catch {
    throw new Error(`the web widget is not built (no ${manifestPath}): run npm run build`);
  }
  const files = new Map<string, WidgetFile>();
  for (const name of manifest.files) {
    const bytes = await fs.promises.readFile(path.join(dir, name));
    const type = name.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'application/octet-stream';
    files.set(name, { name, bytes, type, etag: etagOf(bytes) });
  }
  return { version: manifest.version, entry: manifest.entry, files };
}

async function buildFromSources(): Promise<WidgetFiles> {
  // Loaded only here: esbuild is a development dependency, absent from production installs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildWidget } = require('../../scripts/build-widget') as typeof import('../../scripts/build-widget');
  const built = await buildWidget();
  return { version: built.manifest.version, entry: built.manifest.entry, files: built.files };
}

let loaded: Promise<WidgetFiles> | undefined;

/**
 * The widget's files, loaded once per process: read from `dist/widget` when the server runs
 * compiled, built in memory by esbuild (well under a second) when it runs from the sources, so
 * tests always serve the widget of the code they test. A failure is not cached: the next
 * request tries again, and the error goes to the log as a 500.
 */
export function widgetFiles(dir: string = BUILT_DIR): Promise<WidgetFiles> {
  loaded ??= (FROM_SOURCES ? buildFromSources() : readBuilt(dir)).catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}
