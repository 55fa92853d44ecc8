import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Pool } from 'pg';
import { validated } from './admin/json-body';
import { createCity, updateCity } from './domain/city-admin';
import type { City, CityCreate, CityFields } from './domain/city-settings';
import { jsonTextProblems } from './http/text-rules';
import { findCity, listCities } from './repositories/jurisdiction-repository';
import { UsageError } from './cli-usage-error';

export const JURISDICTION_USAGE = `  npm run --silent cli -- jurisdictions create ID --name-fi NAME [--name-sv NAME] [--name-en NAME] [--prefix JP]
      [--host HOST]... [--mail-from-name NAME --mail-from-address ADDRESS] [--base-url URL]
      [--boundary FILE.geojson] [--map FILE.json] [--default-locale fi|sv|en] [--inactive]
  npm run --silent cli -- jurisdictions list
  npm run --silent cli -- jurisdictions update ID [the options of create] [--active|--inactive]
      [--clear boundary|map|mail-from|base-url|hosts]...`;

const OPTIONS = {
  'name-fi': { type: 'string' },
  'name-sv': { type: 'string' },
  'name-en': { type: 'string' },
  prefix: { type: 'string' },
  host: { type: 'string', multiple: true },
  'mail-from-name': { type: 'string' },
  'mail-from-address': { type: 'string' },
  'base-url': { type: 'string' },
  boundary: { type: 'string' },
  map: { type: 'string' },
  'default-locale': { type: 'string' },
  active: { type: 'boolean' },
  inactive: { type: 'boolean' },
  clear: { type: 'string', multiple: true },
} as const;

type Values = ReturnType<typeof parse>['values'];

function parse(args: string[]) {
  return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
}

/** A GeoJSON or JSON file given on the command line; a FeatureCollection's or Feature's geometry is taken. */
function readJsonFile(option: string, file: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--${option} ${file}: ${(error as Error).message}`);
  }
  const object = parsed as { type?: string; geometry?: unknown; features?: { geometry?: unknown }[] };
  if (option === 'boundary' && object?.type === 'Feature') return object.geometry;
  if (option === 'boundary' && object?.type === 'FeatureCollection' && object.features?.length === 1) {
    return object.features[0].geometry;
  }
  return parsed;
}

const CLEARABLE: Record<string, (keyof CityFields)[]> = {
  boundary: ['boundary'],
  map: ['map'],
  'mail-from': ['mail_from_name', 'mail_from_address'],
  'base-url': ['public_base_url'],
  hosts: ['host_names'],
};

/** The body the admin API would get, from the options given (absent options are absent fields). */
function fieldsOf(values: Values): Record<string, unknown> {
  if (values.active && values.inactive) throw new UsageError('--active and --inactive exclude each other');
  const names = Object.fromEntries(
    (['fi', 'sv', 'en'] as const).flatMap((locale) => {
      const name = values[`name-${locale}`];
      return name === undefined ? [] : [[locale, name]];
    }),
  );
  const body: Record<string, unknown> = {
    ...(Object.keys(names).length > 0 ? { names } : {}),
    ...(values.prefix === undefined ? {} : { request_prefix: values.prefix }),
    ...(values.host === undefined ? {} : { host_names: values.host }),
    ...(values['mail-from-name'] === undefined ? {} : { mail_from_name: values['mail-from-name'] }),
    ...(values['mail-from-address'] === undefined ? {} : { mail_from_address: values['mail-from-address'] }),
    ...(values['base-url'] === undefined ? {} : { public_base_url: values['base-url'] }),
    ...(values.boundary === undefined ? {} : { boundary: readJsonFile('boundary', values.boundary) }),
    ...(values.map === undefined ? {} : { map: readJsonFile('map', values.map) }),
    ...(values['default-locale'] === undefined ? {} : { default_locale: values['default-locale'] }),
    ...(values.active ? { active: true } : {}),
    ...(values.inactive ? { active: false } : {}),
  };
  for (const what of values.clear ?? []) {
    const fields = CLEARABLE[what];
    if (fields === undefined) throw new UsageError(`--clear takes one of ${Object.keys(CLEARABLE).join(', ')}`);
    for (const field of fields) body[field] = field === 'host_names' ? [] : null;
  }
  return body;
}

/** The same checks as the admin API's body: the text rule, then the OpenAPI schema. */
function checked<T>(schema: string, body: Record<string, unknown>): T {
  const problems = jsonTextProblems(body);
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return validated<T>(schema, body);
}

const show = (city: City): string => JSON.stringify(city, null, 2);

export async function jurisdictionsCreate(pool: Pool, args: string[]): Promise<string> {
  const { values, positionals } = parse(args);
  if (positionals.length !== 1) throw new UsageError('jurisdictions create needs one ID, e.g. jarvenpaa.fi');
  if (values.clear !== undefined) throw new UsageError('--clear is for jurisdictions update');
  const body = checked<CityCreate>('AdminJurisdictionCreate', { jurisdiction_id: positionals[0], ...fieldsOf(values) });
  return show(await createCity(pool, null, body));
}

export async function jurisdictionsUpdate(pool: Pool, args: string[]): Promise<string> {
  const { values, positionals } = parse(args);
  if (positionals.length !== 1) throw new UsageError('jurisdictions update needs one ID');
  const fields = fieldsOf(values);
  // --name-sv alone changes the Swedish name: the others are kept (the API's `names` replaces all).
  const existing = fields.names === undefined ? null : await findCity(pool, positionals[0]);
  if (existing !== null) fields.names = { ...existing.names, ...(fields.names as object) };
  const body = checked<CityFields>('AdminJurisdictionPatch', fields);
  return show(await updateCity(pool, null, positionals[0], body));
}

/** One line per city: id, prefix (or -), active or inactive, Finnish name, host names. */
export async function jurisdictionsList(pool: Pool, args: string[]): Promise<string> {
  if (args.length > 0) throw new UsageError('jurisdictions list takes no arguments');
  const cities = await listCities(pool);
  return cities
    .map((city) =>
      [
        city.jurisdiction_id,
        city.request_prefix ?? '-',
        city.active ? 'active' : 'inactive',
        city.names.fi ?? '',
        city.host_names.join(','),
      ].join('\t'),
    )
    .join('\n');
}
