import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import type { Catalogue, Jurisdiction, Locale } from '../domain/catalogue';
import { municipalityOf } from '../domain/municipality';
import { fieldsFromSearchParams, type Fields } from '../http/fields';

export type Scope = { catalogue: Catalogue; jurisdiction: Jurisdiction; locale: Locale; fields: Fields };

/** Query parameters with their literal names (no qs coercion). */
export function queryFields(ctx: Context): Fields {
  return fieldsFromSearchParams(new URLSearchParams(ctx.querystring));
}

/** Which municipality and language a call is about: the first step of every Open311 route. */
export async function openScope(ctx: Context, deps: AppDeps, fields: Fields = queryFields(ctx)): Promise<Scope> {
  const catalogue = await deps.catalogue.get();
  const { jurisdiction, locale } = municipalityOf(catalogue, fields, ctx.get('accept-language'));
  return { catalogue, jurisdiction, locale, fields };
}
