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

function readYaml(file: string): Mapping {
  const parsed: unknown = parse(fs.readFileSync(file, 'utf8'));
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

/**
 * The one OpenAPI document: `openapi/openapi.yaml` (Open311 core and operations) plus the parts
 * in its subfolders (`admin/*.yaml`: the handlers' API; `open311/*.yaml`: maps, feeds and signed-in
 * residents), each holding the `paths`, `components` and `tags` of one area. A name defined twice
 * is an error, not a shadow.
 */
export function loadOpenApiDocument(): Mapping {
  const directory = findDirectory();
  const document = readYaml(path.join(directory, 'openapi.yaml'));
  const components = document.components as Mapping;
  for (const name of partFiles(directory)) {
    const part = readYaml(path.join(directory, name));
    const where = `openapi/${name}`;
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
