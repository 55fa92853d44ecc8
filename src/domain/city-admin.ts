import type { Pool, PoolClient } from 'pg';
import { beginCatalogueChange } from '../repositories/admin/catalogue-changes';
import {
  boundaryProblem,
  findCity,
  hostOwner,
  insertCity,
  lockCities,
  prefixOwner,
  recordCityEvent,
  updateCity as updateCityRow,
} from '../repositories/jurisdiction-repository';
import { withTransaction } from '../repositories/transaction';
import {
  cityFieldProblems,
  cityIdProblems,
  cityStateProblem,
  normalizeCity,
  type City,
  type CityCreate,
  type CityFields,
} from './city-settings';
import { badRequest, conflict, notFound } from './errors';

/**
 * Creating and changing cities (docs/admin-api.md, "Cities"): the admin API and the command line
 * both come here after checking the body against the OpenAPI schema, so the rules, the
 * conflicts and the audit entry are the same whoever asks. `actor` null is the command line.
 */

/** The field rules and (for a whole city) the state rule, then PostGIS on the boundary. */
async function checkFields(pool: Pool, fields: CityFields, extra: string[], whole: boolean): Promise<void> {
  const problems = [...extra, ...cityFieldProblems(fields)];
  const state = whole ? cityStateProblem(fields) : null;
  if (state !== null) problems.push(state);
  if (problems.length > 0) throw badRequest(...problems);
  if (fields.boundary != null) {
    const problem = await boundaryProblem(pool, fields.boundary);
    if (problem !== null) throw badRequest(problem);
  }
}

async function checkHosts(client: PoolClient, hosts: string[] | undefined, self: string | null): Promise<void> {
  if (hosts === undefined || hosts.length === 0) return;
  const owner = await hostOwner(client, hosts, self);
  if (owner !== null) throw conflict(`host_names: "${owner.host}" already belongs to city ${owner.id}`);
}

async function checkPrefixFree(client: PoolClient, prefix: string | null, self: string | null): Promise<void> {
  const owner = await prefixOwner(client, prefix, self);
  if (owner === null) return;
  if (prefix === null) {
    throw conflict(
      `request_prefix is required: city ${owner} already numbers its requests without a prefix ` +
        '(ids such as 2026-000001), and request ids must stay unique across cities; ' +
        'give this city 2 to 6 capital letters, e.g. "JP"',
    );
  }
  throw conflict(`request_prefix: "${prefix}" is already the prefix of city ${owner}`);
}

/** A new city, with its own request-number sequence when it has a prefix. */
export async function createCity(pool: Pool, actor: number | null, input: CityCreate): Promise<City> {
  const city = normalizeCity(input);
  await checkFields(pool, city, cityIdProblems(city.jurisdiction_id), true);
  const id = city.jurisdiction_id;
  return withTransaction(pool, async (client) => {
    await lockCities(client);
    if ((await findCity(client, id)) !== null) throw conflict(`jurisdiction_id: city ${id} already exists`);
    await checkHosts(client, city.host_names, null);
    await checkPrefixFree(client, city.request_prefix ?? null, null);
    await insertCity(client, city);
    await beginCatalogueChange(client, id);
    await recordCityEvent(client, { handlerId: actor, jurisdictionId: id, kind: 'jurisdiction_created', data: city });
    return (await findCity(client, id)) as City;
  });
}

/** Changes the given fields; a prefix, once set, stays (ids already given keep their form). */
export async function updateCity(pool: Pool, actor: number | null, id: string, patch: CityFields): Promise<City> {
  const changes = normalizeCity(patch);
  await checkFields(pool, changes, [], false);
  return withTransaction(pool, async (client) => {
    await lockCities(client);
    const existing = await findCity(client, id);
    if (existing === null) throw notFound(`jurisdiction_id ${id} is not a city`);
    const prefix = changes.request_prefix;
    if (prefix !== undefined && prefix !== existing.request_prefix) {
      if (existing.request_prefix !== null) {
        throw conflict(
          `request_prefix of city ${id} is "${existing.request_prefix}" and cannot change: ` +
            'the request ids already given must keep their form',
        );
      }
      await checkPrefixFree(client, prefix, id);
    }
    await checkHosts(client, changes.host_names, id);
    const state = cityStateProblem({ ...existing, ...changes });
    if (state !== null) throw badRequest(state);
    const keys = Object.keys(changes) as (keyof CityFields)[];
    await updateCityRow(client, id, changes);
    if (keys.length > 0) {
      await beginCatalogueChange(client, id);
      const previous = Object.fromEntries(keys.map((key) => [key, existing[key]]));
      await recordCityEvent(client, {
        handlerId: actor,
        jurisdictionId: id,
        kind: 'jurisdiction_updated',
        data: { changes, previous },
      });
    }
    return (await findCity(client, id)) as City;
  });
}
