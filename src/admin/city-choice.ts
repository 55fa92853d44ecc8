import type { Context } from 'koa';
import type { Pool, PoolClient } from 'pg';
import { badRequest, forbidden } from '../domain/errors';
import { cityScope, isInstanceAdmin, type Principal } from '../domain/principal';
import { fieldsFromSearchParams, first } from '../http/fields';
import { jurisdictionExists, jurisdictionIds } from '../repositories/admin/city-scope';
import { principalOf } from './authenticate';

const notServed = (id: string) => badRequest(`jurisdiction_id "${id}" is not served here`);

/**
 * The city an admin list or export covers, from its `jurisdiction_id` query parameter
 * (docs/admin-api.md, "Roles"): an unknown city is 400 (the cities are public: discovery lists
 * them); then one's own city (another is 403), or for an instance admin the city asked for or
 * null, every city.
 */
export async function listCity(ctx: Context, pool: Pool): Promise<string | null> {
  const requested = first(fieldsFromSearchParams(new URLSearchParams(ctx.querystring)), 'jurisdiction_id');
  if (requested !== undefined && !(await jurisdictionExists(pool, requested))) throw notServed(requested);
  return cityScope(principalOf(ctx), requested);
}

/**
 * The city a new record (a client application) belongs to, from the body's `jurisdiction_id`:
 * a city admin's own (another is 403); an instance admin's choice, which may be left out only
 * while at most one city exists (else a 400 listing them). Null only when no city exists yet.
 */
export async function cityOfNewRecord(
  db: Pool | PoolClient,
  principal: Principal,
  named: string | undefined,
): Promise<string | null> {
  if (!isInstanceAdmin(principal)) return cityScope(principal, named);
  if (named !== undefined) {
    if (!(await jurisdictionExists(db, named))) throw notServed(named);
    return named;
  }
  const ids = await jurisdictionIds(db);
  if (ids.length <= 1) return ids[0] ?? null;
  throw badRequest(`jurisdiction_id is required: this server serves several municipalities (${ids.join(', ')})`);
}

/** 403 unless the principal may hand out a city-less (instance) admin account. */
export function requireInstanceGrant(principal: Principal): void {
  if (!isInstanceAdmin(principal)) {
    throw forbidden(`an admin of ${principal.jurisdictionId} may not create or make instance admins`);
  }
}
