import { badRequest, forbidden, notFound } from './errors';
import { pick, type Catalogue, type Jurisdiction } from './catalogue';

/** What a call says about its city besides `jurisdiction_id` (docs/open311-dialect.md §7). */
export type CityHints = {
  /** `jurisdiction_id` as sent; undefined when absent. */
  requested: string | undefined;
  /** The host the call was sent to, without the port. */
  host?: string;
  /** The API key's city on a POST; null for a key that belongs to none. */
  keyCity?: string | null;
  /** DEFAULT_JURISDICTION; null when unset. */
  defaultCity: string | null;
  /** The call files a new request, which an inactive city does not take. */
  forNewRequest?: boolean;
};

/** A city's name for an error message: English, else any, with its id. */
export function cityLabel(jurisdiction: Jurisdiction): string {
  return `${pick(jurisdiction.names, 'en', jurisdiction.defaultLocale) ?? jurisdiction.id} (${jurisdiction.id})`;
}

const activeCities = (catalogue: Catalogue) => [...catalogue.jurisdictions.values()].filter((j) => j.active);

/**
 * `jurisdiction_id` exactly as sent, for the admin API and explicit public reads: unknown is a
 * 404; absent is the only city, or a 400 listing the choices when there are several.
 */
export function resolveJurisdiction(catalogue: Catalogue, requested: string | undefined): Jurisdiction {
  if (requested !== undefined) {
    const found = catalogue.jurisdictions.get(requested);
    if (!found) throw notFound(`jurisdiction_id "${requested}" is not served here`);
    return found;
  }
  if (catalogue.jurisdictions.size === 1) return catalogue.jurisdictions.values().next().value as Jurisdiction;
  if (catalogue.jurisdictions.size === 0) throw notFound('no municipality is configured on this server yet');
  const ids = [...catalogue.jurisdictions.keys()].join(', ');
  throw badRequest(`jurisdiction_id is required: this server serves several municipalities (${ids})`);
}

/**
 * The steps before the point (docs/open311-dialect.md §7): an explicit `jurisdiction_id` (which
 * must agree with the key's city), the key's city, the host's city. Null when none decides.
 */
export function hintedCity(catalogue: Catalogue, hints: CityHints): Jurisdiction | null {
  const { requested, keyCity } = hints;
  if (requested !== undefined) {
    const found = resolveJurisdiction(catalogue, requested);
    if (hints.forNewRequest && !found.active) throw notFound(`jurisdiction_id "${requested}" takes no new requests`);
    if (keyCity && keyCity !== requested) {
      throw forbidden(`api_key belongs to ${keyCity}, not to jurisdiction_id "${requested}"`);
    }
    return found;
  }
  if (keyCity) {
    const own = catalogue.jurisdictions.get(keyCity);
    if (!own || !own.active) throw notFound(`the city of this api_key (${keyCity}) takes no new requests`);
    return own;
  }
  const hostCity = hints.host === undefined ? undefined : catalogue.hostCities.get(hints.host.toLowerCase());
  const byHost = hostCity === undefined ? undefined : catalogue.jurisdictions.get(hostCity);
  return byHost?.active ? byHost : null;
}

/**
 * The last steps (docs/open311-dialect.md §7): DEFAULT_JURISDICTION, else the first city created.
 * A DEFAULT_JURISDICTION that names no active city is the operator's mistake; rather than guess a
 * city (and send Järvenpää's feedback to Kerava) the call is a 400 asking for `jurisdiction_id`.
 */
export function fallbackCity(catalogue: Catalogue, defaultCity: string | null): Jurisdiction {
  const active = activeCities(catalogue);
  const ids = active.map((j) => j.id).join(', ');
  if (defaultCity !== null) {
    const chosen = catalogue.jurisdictions.get(defaultCity);
    if (chosen?.active) return chosen;
    throw badRequest(
      `jurisdiction_id is required: this server's default municipality (DEFAULT_JURISDICTION=${defaultCity}) is not served here; send one of: ${ids || 'none'}`,
    );
  }
  if (active.length > 0) return active[0];
  if (catalogue.jurisdictions.size === 0) throw notFound('no municipality is configured on this server yet');
  throw badRequest(`jurisdiction_id is required: no municipality here takes requests by default`);
}

/** The city of a read (docs/open311-dialect.md §7): explicit, host, default, first created. */
export function cityOfRead(catalogue: Catalogue, hints: CityHints): Jurisdiction {
  return hintedCity(catalogue, hints) ?? fallbackCity(catalogue, hints.defaultCity);
}

export type Point = { lat: number; long: number };

/**
 * The city of a new request (docs/open311-dialect.md §7): explicit, the key's, the host's, the
 * one whose boundary covers the point, the default, the first created; then the point must lie
 * inside the chosen city's boundary when it has one. `covering` asks the database, at most once
 * and only when a boundary matters.
 */
export async function cityOfNewRequest(
  catalogue: Catalogue,
  hints: CityHints,
  point: Point | null,
  covering: (point: Point) => Promise<string[]>,
): Promise<Jurisdiction> {
  const hinted = hintedCity(catalogue, { ...hints, forNewRequest: true });
  const active = activeCities(catalogue);
  const boundariesMatter = hinted === null ? active.some((j) => j.hasBoundary) : hinted.hasBoundary;
  if (point === null || !boundariesMatter) return hinted ?? fallbackCity(catalogue, hints.defaultCity);
  const inside = new Set(await covering(point));
  if (hinted !== null) return insideOf(hinted, inside);
  const byBoundary = active.find((j) => inside.has(j.id));
  if (byBoundary) return byBoundary;
  if (active.every((j) => j.hasBoundary)) {
    throw badRequest(
      `lat/long is outside the area of every municipality served here: ${active.map(cityLabel).join(', ')}`,
    );
  }
  return insideOf(fallbackCity(catalogue, hints.defaultCity), inside);
}

function insideOf(city: Jurisdiction, inside: Set<string>): Jurisdiction {
  if (city.hasBoundary && !inside.has(city.id)) throw badRequest(`lat/long is outside the area of ${cityLabel(city)}`);
  return city;
}
