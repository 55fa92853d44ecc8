/**
 * `npx tsx scripts/screening-false-positives.ts`: measures the personal-data screening on text
 * that holds no personal data (the Kerava example requests and fixtures/screening's ordinary
 * feedback corpus, plain and with Unicode typography), on a corpus with one planted identifier per
 * line and on identifiers disguised with Unicode look-alikes, and prints README-ready
 * Markdown: false positives per corpus and recall per kind, then every unexpected hit so that a
 * person can read them, and every planted identifier that was missed. Exits non-zero only on a crash.
 */
import fs from 'node:fs';
import path from 'node:path';
import { screenText, type ScreeningHit, type ScreeningKind } from '../src/domain/screening';

// tsx runs this file from scripts/; the compiled copy lives in dist/scripts/.
const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');

const KINDS: readonly ScreeningKind[] = ['personal_identity_code', 'iban', 'phone_number', 'email', 'payment_card'];

/**
 * A text to screen and the kind planted in it (none for the ordinary corpora); with `secret`, the
 * planted hit must also cover that whole substring, or part of it would be published.
 */
type Sample = { text: string; planted?: ScreeningKind; secret?: string };

type CorpusResult = {
  name: string;
  texts: number;
  textsWithHits: number;
  falsePositives: { text: string; hit: ScreeningHit }[];
  missed: Sample[];
  found: Map<ScreeningKind, number>;
  planted: Map<ScreeningKind, number>;
};

const log = (line = '') => process.stdout.write(`${line}\n`);

function readLines(relative: string): string[] {
  return fs
    .readFileSync(path.join(ROOT, relative), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

function keravaSamples(): Sample[] {
  const raw = fs.readFileSync(path.join(ROOT, 'fixtures/kerava/requests.json'), 'utf8');
  const requests = JSON.parse(raw) as { title?: string | null; description: string }[];
  return requests
    .flatMap((request) => [request.title, request.description].filter((text) => !!text))
    .map((text) => ({ text: text as string }));
}

function isKind(value: string): value is ScreeningKind {
  return (KINDS as readonly string[]).includes(value);
}

function plantedSamples(): Sample[] {
  return readLines('fixtures/screening/sensitive-feedback.txt').map((line) => {
    const [kind, text] = line.split('\t');
    if (!isKind(kind) || text === undefined) throw new Error(`Bad line in sensitive-feedback.txt: ${line}`);
    return { text, planted: kind };
  });
}

type UnicodeFixture = {
  variants: { kind: string; text: string; secret: string }[];
  ordinary: string[];
};

function unicodeFixture(): UnicodeFixture {
  return JSON.parse(
    fs.readFileSync(path.join(ROOT, 'fixtures/screening/unicode-variants.json'), 'utf8'),
  ) as UnicodeFixture;
}

function unicodeVariantSamples(): Sample[] {
  return unicodeFixture().variants.map(({ kind, text, secret }) => {
    if (!isKind(kind)) throw new Error(`Bad kind in unicode-variants.json: ${kind}`);
    return { text, planted: kind, secret };
  });
}

/** True when the hit is of the planted kind and covers the whole planted secret (if named). */
function isExpectedHit({ text, planted, secret }: Sample, hit: ScreeningHit): boolean {
  if (hit.kind !== planted) return false;
  if (secret === undefined) return true;
  const start = text.indexOf(secret);
  return start >= 0 && hit.start <= start && hit.end >= start + secret.length;
}

const increment = (counts: Map<ScreeningKind, number>, kind: ScreeningKind) =>
  counts.set(kind, (counts.get(kind) ?? 0) + 1);

/** A hit is expected only once per text and only of the planted kind; every other hit is false. */
function measure(name: string, samples: readonly Sample[]): CorpusResult {
  const result: CorpusResult = {
    name,
    texts: samples.length,
    textsWithHits: 0,
    falsePositives: [],
    missed: [],
    found: new Map(),
    planted: new Map(),
  };
  for (const sample of samples) {
    const { text, planted } = sample;
    const hits = screenText(text);
    if (hits.length > 0) result.textsWithHits += 1;
    if (planted) increment(result.planted, planted);
    const expected = hits.find((hit) => isExpectedHit(sample, hit));
    if (expected && planted) increment(result.found, planted);
    else if (planted) result.missed.push({ text, planted });
    for (const hit of hits) if (hit !== expected) result.falsePositives.push({ text, hit });
  }
  return result;
}

const sum = (counts: Map<ScreeningKind, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)} %`);

function printSummary(results: readonly CorpusResult[]): void {
  log('| Corpus | Texts | Texts with hits | False positives | False-positive rate (texts) | Recall |');
  log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    const planted = sum(r.planted);
    const recall = planted === 0 ? '–' : `${sum(r.found)}/${planted} (${percent(sum(r.found), planted)})`;
    const falseTexts = new Set(r.falsePositives.map((fp) => fp.text)).size;
    log(
      `| ${r.name} | ${r.texts} | ${r.textsWithHits} | ${r.falsePositives.length} | ${percent(falseTexts, r.texts)} | ${recall} |`,
    );
  }
}

function printRecall(result: CorpusResult): void {
  log('| Kind | Planted | Found | Recall |');
  log('| --- | ---: | ---: | ---: |');
  for (const kind of KINDS) {
    const planted = result.planted.get(kind) ?? 0;
    const found = result.found.get(kind) ?? 0;
    log(`| \`${kind}\` | ${planted} | ${found} | ${percent(found, planted)} |`);
  }
}

function printFalsePositives(results: readonly CorpusResult[]): void {
  const all = results.flatMap((r) => r.falsePositives.map((fp) => ({ corpus: r.name, ...fp })));
  log(all.length === 0 ? 'Unexpected hits: none.' : 'Unexpected hits:');
  for (const { corpus, text, hit } of all) {
    log(`- ${corpus}: \`${hit.kind}\` "${text.slice(hit.start, hit.end)}" in: ${text}`);
  }
}

function printMissed(result: CorpusResult): void {
  log(result.missed.length === 0 ? `${result.name}, missed: none.` : `${result.name}, missed:`);
  for (const { text, planted } of result.missed) log(`- \`${planted}\`: ${JSON.stringify(text)}`);
}

function main(): void {
  const results = [
    measure('Kerava example requests (titles and descriptions)', keravaSamples()),
    measure(
      'Ordinary feedback (fi/sv/en, `fixtures/screening/ordinary-feedback.txt`)',
      readLines('fixtures/screening/ordinary-feedback.txt').map((text) => ({ text })),
    ),
    measure('Planted identifiers (`fixtures/screening/sensitive-feedback.txt`)', plantedSamples()),
    measure(
      'Ordinary text with Unicode typography (`unicode-variants.json`, `ordinary`)',
      unicodeFixture().ordinary.map((text) => ({ text })),
    ),
    measure(
      'Identifiers disguised with Unicode look-alikes (`unicode-variants.json`, `variants`)',
      unicodeVariantSamples(),
    ),
  ];
  printSummary(results);
  log();
  printRecall(results[2]);
  log();
  printRecall(results[4]);
  log();
  printFalsePositives(results);
  log();
  printMissed(results[2]);
  printMissed(results[4]);
}

main();
