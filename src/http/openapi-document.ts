import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

type Mapping = Record<string, unknown>;

const isMapping = (value: unknown): value is Mapping =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function findDirectory(): string {
  for (const candidate of [path.resolve(__dirname, '../../openapi'), path.resolve(__dirname, '../../../openapi')]) {
    if (fs.existsSync(path.join(candidate, 'openapi.yaml'))) return candidate;
  }
  throw new Error('openapi/openapi.yaml not found');
}

function parseYaml(text: string, file: string): Mapping {
  const parsed: unknown = parse(text);
  if (!isMapping(parsed)) throw new Error(`${file} does not contain a YAML mapping`);
  return parsed;
}

function mergeInto(target: Mapping, source: Mapping, where: string): void {
  for (const [key, value] of Object.entries(source)) {
    if (key in target) throw new Error(`${where}: "${key}" is defined twice`);
    target[key] = value;
  }
}

/** A path another file already has gains this file's operations (another method); the same operation twice is an error. */
function mergePaths(target: Mapping, source: Mapping, where: string): void {
  for (const [path, item] of Object.entries(source)) {
    const existing = target[path];
    if (isMapping(existing) && isMapping(item)) mergeInto(existing, item, `${where} ${path}`);
    else mergeInto(target, { [path]: item }, where);
  }
}

/** Part files: every `*.yaml` in a subfolder of openapi/ (admin/, open311/), in path order. */
function partFiles(directory: string): string[] {
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .flatMap((folder) =>
      fs
        .readdirSync(path.join(directory, folder))
        .filter((name) => name.endsWith('.yaml'))
        .sort()
        .map((name) => `${folder}/${name}`),
    );
}

/** openapi.yaml and its parts, given as [name, text] in that order, merged: the slow step (YAML parsing takes most of a second). */
function mergedDocument(directory: string, files: [string, string][]): Mapping {
  const [[mainName, mainText], ...parts] = files;
  const document = parseYaml(mainText, path.join(directory, mainName));
  const components = document.components as Mapping;
  for (const [name, text] of parts) {
    const where = `openapi/${name}`;
    const part = parseYaml(text, path.join(directory, name));
    if (isMapping(part.paths)) mergePaths(document.paths as Mapping, part.paths, `${where} paths`);
    if (Array.isArray(part.tags)) document.tags = [...(document.tags as unknown[]), ...(part.tags as unknown[])];
    if (isMapping(part.components)) {
      for (const [section, entries] of Object.entries(part.components)) {
        if (!isMapping(entries)) continue;
        if (!isMapping(components[section])) components[section] = {};
        mergeInto(components[section] as Mapping, entries, `${where} components.${section}`);
      }
    }
  }
  return document;
}

/**
 * The merged document as JSON text, kept under `node_modules/.cache/palaute311` by the hash of
 * its files' names and contents, so that each process (every test file's module registry, the
 * CLI, a restart) parses the YAML only when a file changed. A cache that cannot be written is
 * skipped.
 */
function documentJson(): string {
  const directory = findDirectory();
  const files = ['openapi.yaml', ...partFiles(directory)].map((name): [string, string] => [
    name,
    fs.readFileSync(path.join(directory, name), 'utf8'),
  ]);
  const hash = createHash('sha256');
  for (const [name, text] of files) hash.update(`${name}\0${text}\0`);
  const cacheDirectory = path.resolve(directory, '../node_modules/.cache/palaute311');
  const cacheFile = path.join(cacheDirectory, `openapi-${hash.digest('hex').slice(0, 32)}.json`);
  try {
    return fs.readFileSync(cacheFile, 'utf8');
  } catch {
    const json = JSON.stringify(mergedDocument(directory, files));
    try {
      fs.mkdirSync(cacheDirectory, { recursive: true });
      const temporary = `${cacheFile}.${process.pid}`;
      fs.writeFileSync(temporary, json);
      fs.renameSync(temporary, cacheFile);
    } catch {
      // A read-only installation parses the YAML at every start.
    }
    return json;
  }
}

let json: string | null = null;

/**
 * The one OpenAPI document: `openapi/openapi.yaml` (Open311 core and operations) plus the parts
 * in its subfolders (`admin/*.yaml`: the handlers' API; `open311/*.yaml`: maps, feeds and signed-in
 * residents), each holding the `paths`, `components` and `tags` of one area. A name defined twice
 * is an error, not a shadow. Each call returns its own copy.
 */
export function loadOpenApiDocument(): Mapping {
  return JSON.parse(openApiDocumentJson()) as Mapping;
}

/** The same document as JSON text, as `/openapi.json` serves it. */
export function openApiDocumentJson(): string {
  json ??= documentJson();
  return json;
}
