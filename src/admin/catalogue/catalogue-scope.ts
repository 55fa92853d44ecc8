import type { Context } from 'koa';
import type { AppDeps } from '../../deps';
import type { Jurisdiction } from '../../domain/catalogue';
import { resolveJurisdiction } from '../../domain/jurisdiction';
import { fieldsFromSearchParams, first } from '../../http/fields';

/**
 * The municipality a catalogue call is about, by `jurisdiction_id` as on the Open311 side:
 * optional while one is served, required when several are, unknown is 404.
 */
export async function catalogueJurisdiction(ctx: Context, deps: AppDeps): Promise<Jurisdiction> {
  const fields = fieldsFromSearchParams(new URLSearchParams(ctx.querystring));
  return resolveJurisdiction(await deps.catalogue.get(), first(fields, 'jurisdiction_id'));
}
