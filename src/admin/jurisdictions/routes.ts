import type { Context } from 'koa';
import type { AppDeps } from '../../deps';
import { createCity, updateCity } from '../../domain/city-admin';
import type { CityCreate, CityFields } from '../../domain/city-settings';
import { notFound } from '../../domain/errors';
import { findCity, listCities } from '../../repositories/jurisdiction-repository';
import { principalOf } from '../authenticate';
import { readJson } from '../json-body';
import type { RegisterRoutes } from '../types';

/**
 * The cities of the deployment (docs/admin-api.md, "Cities"): instance admins only, since a
 * city's settings (host names, request prefix, mail sender) reach across every city. Bodies are
 * checked against the OpenAPI schemas, then by the shared rules of src/domain/city-admin.ts.
 */
export const registerJurisdictionRoutes: RegisterRoutes = (routes, deps) => {
  routes.get('/jurisdictions', 'instance', (ctx) => listRoute(ctx, deps));
  routes.post('/jurisdictions', 'instance', (ctx) => createRoute(ctx, deps));
  routes.get('/jurisdictions/:jurisdiction_id', 'instance', (ctx) => getRoute(ctx, deps));
  routes.patch('/jurisdictions/:jurisdiction_id', 'instance', (ctx) => updateRoute(ctx, deps));
};

async function listRoute(ctx: Context, deps: AppDeps): Promise<void> {
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = { items: await listCities(deps.db.pool) };
}

async function getRoute(ctx: Context, deps: AppDeps): Promise<void> {
  const id = String(ctx.params.jurisdiction_id);
  const city = await findCity(deps.db.pool, id);
  if (city === null) throw notFound(`jurisdiction_id ${id} is not a city`);
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = city;
}

async function createRoute(ctx: Context, deps: AppDeps): Promise<void> {
  const body = await readJson<CityCreate>(ctx, 'AdminJurisdictionCreate', deps.config.bodyLimitBytes);
  const city = await createCity(deps.db.pool, principalOf(ctx).id, body);
  ctx.status = 201;
  ctx.set('Location', `/admin/v1/jurisdictions/${encodeURIComponent(city.jurisdiction_id)}`);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = city;
}

async function updateRoute(ctx: Context, deps: AppDeps): Promise<void> {
  const id = String(ctx.params.jurisdiction_id);
  const body = await readJson<CityFields>(ctx, 'AdminJurisdictionPatch', deps.config.bodyLimitBytes);
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = await updateCity(deps.db.pool, principalOf(ctx).id, id, body);
}
