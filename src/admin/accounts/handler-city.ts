import type { PoolClient } from 'pg';
import { badRequest } from '../../domain/errors';
import { cityScope, isInstanceAdmin, type Principal, type Role } from '../../domain/principal';
import { departmentCities, type HandlerRow } from '../../repositories/admin/account-handlers';
import { jurisdictionExists } from '../../repositories/admin/city-scope';
import { cityOfNewRecord, requireInstanceGrant } from '../city-choice';
import type { HandlerCreate, HandlerPatch } from './handler-input';

const cityless = (role: Role) =>
  badRequest(`jurisdiction_id: a ${role} belongs to one city; only an admin may have none (an instance admin)`);

/**
 * The city a body names, as the principal may grant it (docs/admin-api.md, "Roles"): a city
 * admin only their own (another is 403, and so is null: they cannot make instance admins); an
 * instance admin any existing city (unknown is 400) or null. Undefined when the body names none.
 */
async function grantedCity(
  client: PoolClient,
  principal: Principal,
  named: string | null | undefined,
): Promise<string | null | undefined> {
  if (named === undefined) return undefined;
  if (named === null) {
    requireInstanceGrant(principal);
    return null;
  }
  if (!isInstanceAdmin(principal)) return cityScope(principal, named);
  if (!(await jurisdictionExists(client, named))) throw badRequest(`jurisdiction_id "${named}" is not served here`);
  return named;
}

/**
 * The city of a new handler. A city admin's handlers join their city. An instance admin names
 * it, or leaves it out: an admin is then an instance admin (as before cities existed), a
 * handler or viewer joins the one city of their departments, else the only city (with several,
 * a 400 asking for `jurisdiction_id`).
 */
export async function cityOfNewHandler(
  client: PoolClient,
  principal: Principal,
  body: HandlerCreate,
): Promise<string | null> {
  const granted = await grantedCity(client, principal, body.jurisdiction_id);
  const city =
    granted !== undefined ? granted : await implicitCity(client, principal, body.role, body.department_ids ?? []);
  if (city === null && body.role !== 'admin') throw cityless(body.role);
  return city;
}

/** A city not named: a city admin's own; for an instance admin none for an admin, else by the departments. */
async function implicitCity(
  client: PoolClient,
  principal: Principal,
  role: Role,
  departmentIds: number[],
): Promise<string | null> {
  if (!isInstanceAdmin(principal)) return cityScope(principal);
  if (role === 'admin') return null;
  const cities = await departmentCities(client, departmentIds);
  if (cities.length > 1) {
    throw badRequest(
      `department_ids: the departments belong to several cities (${cities.join(', ')}); a ${role} belongs to one`,
    );
  }
  return cities[0] ?? (await cityOfNewRecord(client, principal, undefined));
}

/**
 * The city a handler has after a PATCH: unchanged unless the body names one the principal may
 * grant. An instance admin who becomes a handler or viewer without a city named joins the city
 * of their departments, else the only city; a handler or viewer is never left without one (400).
 */
export async function cityAfterPatch(
  client: PoolClient,
  principal: Principal,
  existing: HandlerRow,
  patch: HandlerPatch,
): Promise<string | null> {
  const granted = await grantedCity(client, principal, patch.jurisdiction_id);
  const role = patch.role ?? existing.role;
  let city = granted === undefined ? existing.jurisdiction_id : granted;
  if (city === null && role !== 'admin' && granted === undefined) {
    city = await implicitCity(client, principal, role, patch.department_ids ?? existing.department_ids);
  }
  if (city === null && role !== 'admin') throw cityless(role);
  return city;
}
