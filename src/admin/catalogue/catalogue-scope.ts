import type { Context } from 'koa';
import type { AppDeps } from '../../deps';
import type { Jurisdiction } from '../../domain/catalogue';
import { resolveJurisdiction } from '../../domain/jurisdiction';
import { cityScope } from '../../domain/principal';
import { fieldsFromSearchParams, first } from '../../http/fields';
import { principalOf } from '../authenticate';

const requestedCity = (ctx: Context): string | undefined =>
  first(fieldsFromSearchParams(new URLSearchParams(ctx.querystring)), 'jurisdiction_id');

/**
 * The municipality a catalogue call is about, by `jurisdiction_id` as on the Open311 side
 * (optional while one is served, required when several are, unknown is 404), within the
 * caller's reach: one's own city needs no parameter, another is 403 (docs/admin-api.md, "Roles").
 */
export async function catalogueJurisdiction(ctx: Context, deps: AppDeps): Promise<Jurisdiction> {
  const catalogue = await deps.catalogue.get();
  const requested = requestedCity(ctx);
  if (requested !== undefined) resolveJurisdiction(catalogue, requested);
  const city = cityScope(principalOf(ctx), requested);
  return resolveJurisdiction(catalogue, city ?? undefined);
}

/** As above for a list: null (an instance admin without `jurisdiction_id`) lists every city. */
export async function catalogueListCity(ctx: Context, deps: AppDeps): Promise<string | null> {
  const catalogue = await deps.catalogue.get();
  const requested = requestedCity(ctx);
  if (requested !== undefined) resolveJurisdiction(catalogue, requested);
  const city = cityScope(principalOf(ctx), requested);
  return city === null ? null : resolveJurisdiction(catalogue, city).id;
}
