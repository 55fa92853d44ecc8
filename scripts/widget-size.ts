import { gzipSync } from 'node:zlib';
import { buildWidget } from './build-widget';

/**
 * The widget's size budget (docs/widget.md, "Size"): its own code, everything a page loads
 * before any map, at most 60 kB gzipped. The map chunk (Leaflet, Leaflet.markercluster and
 * their CSS, loaded only when a map shows) is listed apart. Prints a table; exits 1 over budget.
 *
 *   npm run widget:size
 */
const BUDGET_BYTES = 60 * 1000;

const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;
const row = (cells: string[]): string =>
  cells.map((cell, i) => (i === 0 ? cell.padEnd(28) : cell.padStart(10))).join('  ');

async function main(): Promise<number> {
  const built = await buildWidget();
  const mapFiles = new Set(built.manifest.mapFiles);
  let own = 0;
  const lines = [row(['file', 'raw', 'gzip', 'counted']), '-'.repeat(66)];
  for (const file of [...built.files.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    const gzip = gzipSync(file.bytes, { level: 9 }).length;
    const counted = !mapFiles.has(file.name);
    if (counted) own += gzip;
    lines.push(row([file.name, kb(file.bytes.length), kb(gzip), counted ? 'yes' : 'map chunk']));
  }
  // Where the entry's bytes come from (minified, before gzip).
  const inputs = new Map<string, number>();
  for (const [name, output] of Object.entries(built.metafile.outputs)) {
    if (mapFiles.has(name.split('/').pop() ?? '')) continue;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const origin = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? 'widget/src (our code)';
      inputs.set(origin, (inputs.get(origin) ?? 0) + bytesInOutput);
    }
  }
  lines.push('-'.repeat(66), 'minified bytes outside the map chunk, by origin:');
  for (const [origin, bytes] of [...inputs].sort((a, b) => b[1] - a[1])) lines.push(row([`  ${origin}`, kb(bytes)]));
  const verdict = own <= BUDGET_BYTES ? 'within' : 'OVER';
  lines.push('-'.repeat(66), `widget's own code: ${kb(own)} gzipped, ${verdict} the budget of ${kb(BUDGET_BYTES)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return own <= BUDGET_BYTES ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`widget size: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
