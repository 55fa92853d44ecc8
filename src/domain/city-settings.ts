import type { Locale, Localized } from './catalogue';

/**
 * A city's settings as the admin API and the command line send them (docs/admin-api.md,
 * "Cities"). The OpenAPI schemas check shapes, patterns and ranges; the rules here are the
 * ones a schema cannot state, so both entry points apply the same ones after the schema.
 */
export type CityMap = { tile_url: string; attribution: string; lat: number; long: number; zoom: number };
export type CityBoundary = { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] };

export type CityFields = {
  names?: Localized;
  default_locale?: Locale;
  mail_from_name?: string | null;
  mail_from_address?: string | null;
  public_base_url?: string | null;
  host_names?: string[];
  map?: CityMap | null;
  boundary?: CityBoundary | null;
  active?: boolean;
  request_prefix?: string | null;
};

export type CityCreate = CityFields & { jurisdiction_id: string; names: Localized };

/** The city as stored, in the same field names as the API answers with. */
export type City = Required<Omit<CityFields, 'boundary'>> & {
  jurisdiction_id: string;
  names: Localized;
  boundary: { type: 'MultiPolygon'; coordinates: unknown[] } | null;
  created_datetime: string;
};

/** The sequence every city without a prefix numbers from: the deployment's original one. */
export const PLAIN_SEQUENCE = 'service_request_number';
const PREFIX = /^[A-Z]{2,6}$/;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The name of a prefixed city's own request-number sequence; only ever built from a checked prefix. */
export function sequenceFor(prefix: string | null): string {
  if (prefix === null) return PLAIN_SEQUENCE;
  if (!PREFIX.test(prefix)) throw new Error(`not a request prefix: ${prefix}`);
  return `${PLAIN_SEQUENCE}_${prefix.toLowerCase()}`;
}

/** A DNS name of labels of at most 63 letters, digits and inner hyphens, at least two labels. */
export function isHostName(name: string): boolean {
  const labels = name.split('.');
  return name.length <= 253 && labels.length >= 2 && labels.every((label) => LABEL.test(label));
}

/** Trimmed names (the schema allows surrounding spaces), host names in lower case, the URL without a final slash. */
export function normalizeCity<T extends CityFields>(fields: T): T {
  const out: CityFields = { ...fields };
  if (fields.names !== undefined) {
    out.names = Object.fromEntries(Object.entries(fields.names).map(([locale, name]) => [locale, name?.trim()]));
  }
  if (fields.host_names !== undefined) out.host_names = fields.host_names.map((host) => host.trim().toLowerCase());
  if (typeof fields.mail_from_name === 'string') out.mail_from_name = fields.mail_from_name.trim();
  if (typeof fields.public_base_url === 'string') out.public_base_url = fields.public_base_url.replace(/\/+$/, '');
  return out as T;
}

/** What a schema cannot say about the fields given; each problem names its field. */
export function cityFieldProblems(fields: CityFields): string[] {
  const problems: string[] = [];
  for (const [locale, name] of Object.entries(fields.names ?? {})) {
    if (name === '') problems.push(`names.${locale} must not be blank`);
  }
  if (fields.mail_from_name === '') problems.push('mail_from_name must not be blank: use null for none');
  for (const host of fields.host_names ?? []) {
    if (!isHostName(host)) problems.push(`host_names: "${host}" is not a host name (such as palaute.jarvenpaa.fi)`);
  }
  const hosts = fields.host_names ?? [];
  const repeated = hosts.filter((host, index) => hosts.indexOf(host) !== index);
  if (repeated.length > 0) problems.push(`host_names: "${repeated[0]}" is given twice`);
  if (fields.public_base_url != null && !isHttpUrl(fields.public_base_url, false)) {
    problems.push('public_base_url must be an http or https URL without query or fragment');
  }
  if (fields.map != null) {
    const url = fields.map.tile_url;
    const placeholders = ['{z}', '{x}', '{y}'].filter((part) => !url.includes(part));
    if (placeholders.length > 0) problems.push(`map.tile_url must contain ${placeholders.join(', ')}`);
    else if (!isHttpUrl(url.replace(/\{[a-z]\}/g, '0'), true))
      problems.push('map.tile_url must be an http or https URL');
  }
  return problems;
}

/** The id's own rules: lower case, a domain-like name (e.g. `jarvenpaa.fi`). */
export function cityIdProblems(id: string): string[] {
  return isHostName(id) ? [] : [`jurisdiction_id "${id}" must be a lower-case domain-like name such as jarvenpaa.fi`];
}

function isHttpUrl(text: string, query: boolean): boolean {
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    return url.username === '' && url.password === '' && url.hash === '' && (query || url.search === '');
  } catch {
    return false;
  }
}

/** Why the city as it would stand after a change is incomplete, or null. */
export function cityStateProblem(city: Pick<CityFields, 'mail_from_name' | 'mail_from_address'>): string | null {
  if (city.mail_from_name != null && city.mail_from_address == null) {
    return 'mail_from_name needs mail_from_address: the sender name goes with an address';
  }
  return null;
}
