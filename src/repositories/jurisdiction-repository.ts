import type { Pool, PoolClient } from 'pg';
import { CatalogueEventEntity } from '../db/entities/audit-events';
import { entityManager } from '../db/orm';
import { sequenceFor, type City, type CityCreate, type CityFields } from '../domain/city-settings';
import { w3c } from './public-scope';

type Queryable = Pool | PoolClient;

/** A city's row in the admin API's field names; the boundary as GeoJSON (always a MultiPolygon). */
const COLUMNS = `
  j.id AS jurisdiction_id, j.names, j.default_locale, j.mail_from_name, j.mail_from_address, j.public_base_url,
  j.host_names, j.map, ST_AsGeoJSON(j.boundary)::jsonb AS boundary, j.active, j.request_prefix,
  ${w3c('j.created_at')} AS created_datetime`;

export async function listCities(db: Queryable): Promise<City[]> {
  return (await db.query<City>(`SELECT ${COLUMNS} FROM jurisdiction j ORDER BY j.created_at, j.id`)).rows;
}

export async function findCity(db: Queryable, id: string): Promise<City | null> {
  return (await db.query<City>(`SELECT ${COLUMNS} FROM jurisdiction j WHERE j.id = $1`, [id])).rows[0] ?? null;
}

/**
 * Serialises every change to the set of cities (host names, prefixes and the one unprefixed
 * city are checked across rows, which row locks alone cannot protect against a new row).
 */
export async function lockCities(client: PoolClient): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(311012)`);
}

/** The city that already has one of these host names (other than `except`), with the name. */
export async function hostOwner(
  db: Queryable,
  hosts: string[],
  except: string | null,
): Promise<{ id: string; host: string } | null> {
  const found = await db.query<{ id: string; host: string }>(
    `SELECT j.id, h AS host FROM jurisdiction j, unnest(j.host_names) h
      WHERE h = ANY($1::text[]) AND j.id IS DISTINCT FROM $2 ORDER BY j.id, h LIMIT 1`,
    [hosts, except],
  );
  return found.rows[0] ?? null;
}

/** The city that numbers with this prefix, or (prefix null) the one that numbers without. */
export async function prefixOwner(db: Queryable, prefix: string | null, except: string | null): Promise<string | null> {
  const found = await db.query<{ id: string }>(
    `SELECT id FROM jurisdiction WHERE request_prefix IS NOT DISTINCT FROM $1 AND id IS DISTINCT FROM $2 LIMIT 1`,
    [prefix, except],
  );
  return found.rows[0]?.id ?? null;
}

/**
 * Why PostGIS will not take this GeoJSON as a boundary, or null. Run outside any transaction:
 * an unreadable geometry is an error, which would abort the caller's transaction.
 */
export async function boundaryProblem(pool: Pool, geojson: object): Promise<string | null> {
  try {
    const found = await pool.query<{ valid: boolean; reason: string; inside: boolean }>(
      `SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason,
              ST_XMin(g) >= -180 AND ST_XMax(g) <= 180 AND ST_YMin(g) >= -90 AND ST_YMax(g) <= 90 AS inside
         FROM (SELECT ST_GeomFromGeoJSON($1) AS g) s`,
      [JSON.stringify(geojson)],
    );
    const row = found.rows[0];
    if (!row.valid) return `boundary is not a valid polygon: ${row.reason}`;
    if (!row.inside) return 'boundary must be WGS84 longitude and latitude ([long, lat] pairs)';
    return null;
  } catch (error) {
    return `boundary is not readable GeoJSON: ${(error as Error).message}`;
  }
}

const BOUNDARY = `ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($9), 4326))`;

/**
 * Stores a new city. A prefixed one gets its own request-number sequence, created here, in the
 * caller's transaction; its name comes from the checked prefix (DDL takes no parameters).
 */
export async function insertCity(client: PoolClient, city: CityCreate): Promise<void> {
  const prefix = city.request_prefix ?? null;
  const sequence = sequenceFor(prefix);
  if (prefix !== null) await client.query(`CREATE SEQUENCE "${sequence}"`);
  await client.query(
    `INSERT INTO jurisdiction (id, names, default_locale, mail_from_name, mail_from_address, public_base_url,
                               host_names, map, boundary, active, request_prefix, number_sequence)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $9::text IS NULL THEN NULL ELSE ${BOUNDARY} END,
             $10, $11, $12)`,
    [
      city.jurisdiction_id,
      JSON.stringify(city.names),
      city.default_locale ?? 'fi',
      city.mail_from_name ?? null,
      city.mail_from_address ?? null,
      city.public_base_url ?? null,
      city.host_names ?? [],
      city.map == null ? null : JSON.stringify(city.map),
      city.boundary == null ? null : JSON.stringify(city.boundary),
      city.active ?? true,
      prefix,
      sequence,
    ],
  );
}

/** Column and parameter for each field a PATCH may change. */
const SETTERS: Record<keyof CityFields, (value: unknown) => [string, unknown]> = {
  names: (value) => ['names = $#::jsonb', JSON.stringify(value)],
  default_locale: (value) => ['default_locale = $#', value],
  mail_from_name: (value) => ['mail_from_name = $#', value],
  mail_from_address: (value) => ['mail_from_address = $#', value],
  public_base_url: (value) => ['public_base_url = $#', value],
  host_names: (value) => ['host_names = $#::text[]', value],
  map: (value) => ['map = $#::jsonb', value === null ? null : JSON.stringify(value)],
  boundary: (value) => [
    'boundary = CASE WHEN $#::text IS NULL THEN NULL ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($#), 4326)) END',
    value === null ? null : JSON.stringify(value),
  ],
  active: (value) => ['active = $#', value],
  request_prefix: (value) => ['request_prefix = $#', value],
};

/** Changes the given fields of a city (the caller checked them and holds lockCities). */
export async function updateCity(client: PoolClient, id: string, changes: CityFields): Promise<void> {
  const sets: string[] = [];
  const values: unknown[] = [id];
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const [sql, parameter] = SETTERS[key as keyof CityFields](value);
    values.push(parameter);
    sets.push(sql.replace(/\$#/g, `$${values.length}`));
  }
  if (sets.length === 0) return;
  await client.query(`UPDATE jurisdiction SET ${sets.join(', ')} WHERE id = $1`, values);
}

/** The catalogue's audit log holds city changes too; `handlerId` null: the command line. */
export async function recordCityEvent(
  client: PoolClient,
  event: {
    handlerId: number | null;
    jurisdictionId: string;
    kind: 'jurisdiction_created' | 'jurisdiction_updated';
    data: object;
  },
): Promise<void> {
  await entityManager(client).insert(CatalogueEventEntity, {
    handlerId: event.handlerId,
    jurisdictionId: event.jurisdictionId,
    kind: event.kind,
    serviceId: null,
    departmentId: null,
    data: event.data,
  });
}

/** The one city there is, or null when there are none or several (the command line's default). */
export async function onlyCity(db: Queryable): Promise<string | null> {
  const found = await db.query<{ id: string }>(`SELECT id FROM jurisdiction ORDER BY created_at, id LIMIT 2`);
  return found.rows.length === 1 ? found.rows[0].id : null;
}
