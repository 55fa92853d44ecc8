import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build, type Metafile, type Plugin } from 'esbuild';

/**
 * Builds the web widget (docs/widget.md): `widget/src/palaute.ts` bundled by esbuild as ES modules
 * with code splitting, so Leaflet and its plugin land in their own chunk that the elements load
 * with a dynamic import. Every output file is named by its content hash and may be cached for a
 * year; `palaute.js` is the small stable loader that city pages embed, re-exporting the hashed
 * entry. Run as a script (`npm run build:widget`) it writes `dist/widget/`; the server, when it
 * runs from the TypeScript sources (tests, `tsx`), calls `buildWidget` and serves the result
 * from memory.
 */

/** The repository (this file runs from scripts/, or compiled from dist/scripts/). */
const ROOT =
  [path.resolve(__dirname, '..'), path.resolve(__dirname, '../..')].find((dir) =>
    fs.existsSync(path.join(dir, 'widget', 'tsconfig.json')),
  ) ?? path.resolve(__dirname, '..');
const WIDGET = path.join(ROOT, 'widget', 'src');
export const WIDGET_OUT_DIR = path.join(ROOT, 'dist', 'widget');
export const LOADER_NAME = 'palaute.js';

export type WidgetFile = { name: string; bytes: Uint8Array; type: string; etag: string };
export type WidgetManifest = {
  version: string;
  /** The hashed entry the loader imports. */
  entry: string;
  /** Every file, the loader included. */
  files: string[];
  /** Output files that hold Leaflet or its plugin (outside the size budget). */
  mapFiles: string[];
};
export type WidgetBuild = { manifest: WidgetManifest; files: Map<string, WidgetFile>; metafile: Metafile };

const packageVersion = (): string =>
  (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const etagOf = (bytes: Uint8Array): string =>
  `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;

/**
 * Leaflet as its ES module build (the package's main file is UMD), and Leaflet.markercluster, a
 * UMD script that extends a global `L`, given a private `L` instead: nothing is added to the host
 * page's window.
 */
const leafletPlugin: Plugin = {
  name: 'palaute-leaflet',
  setup(build) {
    build.onResolve({ filter: /^leaflet$/ }, () => ({
      path: path.join(ROOT, 'node_modules', 'leaflet', 'dist', 'leaflet-src.esm.js'),
    }));
    build.onLoad({ filter: /leaflet\.markercluster-src\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      const shim = JSON.stringify(path.join(WIDGET, 'map', 'leaflet-global.ts'));
      return {
        loader: 'js',
        contents: `import { L } from ${shim};\nvar module = { exports: {} }, exports = module.exports;\n${source}\nexport default module.exports;\n`,
      };
    });
  },
};

const contentType = (name: string): string =>
  name.endsWith('.json') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8';

/** Builds the widget in memory; nothing is written. */
export async function buildWidget(): Promise<WidgetBuild> {
  const result = await build({
    entryPoints: { palaute: path.join(WIDGET, 'palaute.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2021'],
    minify: true,
    write: false,
    metafile: true,
    outdir: WIDGET_OUT_DIR,
    entryNames: '[name]-[hash]',
    chunkNames: '[name]-[hash]',
    loader: { '.css': 'text' },
    tsconfig: path.join(ROOT, 'widget', 'tsconfig.json'),
    legalComments: 'eof',
    logLevel: 'silent',
    plugins: [leafletPlugin],
  });
  const files = new Map<string, WidgetFile>();
  for (const output of result.outputFiles) {
    const name = path.basename(output.path);
    files.set(name, { name, bytes: output.contents, type: contentType(name), etag: etagOf(output.contents) });
  }
  const outputs = result.metafile.outputs;
  const entryPath = Object.keys(outputs).find((key) => outputs[key].entryPoint?.endsWith('widget/src/palaute.ts'));
  if (entryPath === undefined) throw new Error('the widget build produced no entry file');
  const entry = path.basename(entryPath);
  const mapFiles = Object.keys(outputs)
    .filter((key) => Object.keys(outputs[key].inputs).some((input) => input.includes('node_modules/leaflet')))
    .map((key) => path.basename(key));
  const loader = new TextEncoder().encode(
    `// palaute311 widget ${packageVersion()}: embed this file; it loads the current build.\nexport * from './${entry}';\n`,
  );
  files.set(LOADER_NAME, { name: LOADER_NAME, bytes: loader, type: contentType(LOADER_NAME), etag: etagOf(loader) });
  const manifest = { version: packageVersion(), entry, files: [...files.keys()].sort(), mapFiles };
  return { manifest, files, metafile: result.metafile };
}

/** Writes a build to `dir` (emptied first), with `manifest.json` for the server to read. */
export async function writeWidget(built: WidgetBuild, dir = WIDGET_OUT_DIR): Promise<void> {
  await fs.promises.rm(dir, { recursive: true, force: true });
  await fs.promises.mkdir(dir, { recursive: true });
  for (const file of built.files.values()) await fs.promises.writeFile(path.join(dir, file.name), file.bytes);
  await fs.promises.writeFile(path.join(dir, 'manifest.json'), JSON.stringify(built.manifest, null, 2));
}

if (require.main === module) {
  buildWidget()
    .then(async (built) => {
      await writeWidget(built);
      process.stdout.write(`widget: ${built.manifest.files.length} files in ${path.relative(ROOT, WIDGET_OUT_DIR)}/\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`widget build failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
