import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import type { Catalogue, Jurisdiction, Locale } from '../domain/catalogue';
import { first } from '../domain/fields';
import { resolveJurisdiction } from '../domain/jurisdiction';
import { municipalityOf, type Place } from '../domain/municipality';
import { fieldsFromSearchParams, type Fields } from '../http/fields';

export type Scope = { catalogue: Catalogue; jurisdiction: Jurisdiction; locale: Locale; fields: Fields };

/** Query parameters with their literal names (no qs coercion). */
export function queryFields(ctx: Context): Fields {
  return fieldsFromSearchParams(new URLSearchParams(ctx.querystring));
}

/** The host a call was sent to (port dropped; behind TRUST_PROXY, X-Forwarded-Host) and the default city. */
export function placeOf(ctx: Context, deps: AppDeps): Place {
  return { host: ctx.hostname.toLowerCase(), defaultCity: deps.config.defaultJurisdiction };
}

/**
 * Which municipality and language a call is about: the first step of every Open311 route. Without
 * `jurisdiction_id` it is the host's city, the default city or the first created (docs/open311-dialect.md §7).
 */
export async function openScope(ctx: Context, deps: AppDeps, fields: Fields = queryFields(ctx)): Promise<Scope> {
  const catalogue = await deps.catalogue.get();
  const { jurisdiction, locale } = municipalityOf(catalogue, fields, ctx.get('accept-language'), placeOf(ctx, deps));
  return { catalogue, jurisdiction, locale, fields };
}

/**
 * The city a call names with `jurisdiction_id`, or null: reads by id look in every city, as public
 * ids are unique across the deployment (docs/open311-dialect.md §7), so links mailed before a
 * second city was added keep working.
 */
export async function namedCity(
  ctx: Context,
  deps: AppDeps,
): Promise<{ catalogue: Catalogue; named: Jurisdiction | null }> {
  const catalogue = await deps.catalogue.get();
  const requested = first(queryFields(ctx), 'jurisdiction_id');
  return { catalogue, named: requested === undefined ? null : resolveJurisdiction(catalogue, requested) };
}

/**
 * The city of a row found by id, with the catalogue that knows it: a city created after the
 * cached catalogue was read (CATALOGUE_CACHE_SECONDS) reloads the catalogue once.
 */
export async function cityOfRow(
  deps: AppDeps,
  catalogue: Catalogue,
  jurisdictionId: string,
): Promise<{ catalogue: Catalogue; jurisdiction: Jurisdiction }> {
  let current = catalogue;
  if (!current.jurisdictions.has(jurisdictionId)) {
    deps.catalogue.invalidate();
    current = await deps.catalogue.get();
  }
  const jurisdiction = current.jurisdictions.get(jurisdictionId);
  if (jurisdiction === undefined) throw new Error(`request of unknown jurisdiction ${jurisdictionId}`);
  return { catalogue: current, jurisdiction };
}
