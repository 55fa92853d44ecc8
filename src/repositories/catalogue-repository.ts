import type { Pool } from 'pg';
import type { Catalogue, Jurisdiction, Service } from '../domain/catalogue';
import { ServiceEntity, type ServiceRecord } from '../db/entities/service';
import { entityManager } from '../db/orm';

const CHANGESET = `
  SELECT to_char(greatest(
           (SELECT max(changeset) FROM jurisdiction),
           (SELECT max(updated_at) FROM service),
           timestamptz '2026-01-01T00:00:00Z') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS changeset`;

type JurisdictionRow = {
  id: string;
  names: Jurisdiction['names'];
  default_locale: Jurisdiction['defaultLocale'];
  timezone: string;
  host_names: string[];
  has_boundary: boolean;
  active: boolean;
  public_base_url: string | null;
  map: Jurisdiction['map'];
};

// The boundary itself stays in the database: the catalogue only needs to know that one is set.
const JURISDICTIONS = `
  SELECT id, names, default_locale, timezone, host_names, boundary IS NOT NULL AS has_boundary, active,
         public_base_url, map
    FROM jurisdiction ORDER BY created_at, id`;

function toJurisdiction(row: JurisdictionRow): Jurisdiction {
  return {
    id: row.id,
    names: row.names,
    defaultLocale: row.default_locale,
    timezone: row.timezone,
    hostNames: row.host_names.map((host) => host.toLowerCase()),
    hasBoundary: row.has_boundary,
    active: row.active,
    publicBaseUrl: row.public_base_url,
    map: row.map,
  };
}

function toService(service: ServiceRecord): Service {
  return {
    id: service.id,
    jurisdictionId: service.jurisdictionId,
    code: service.code,
    names: service.names,
    descriptions: service.descriptions,
    groups: service.groups,
    keywords: service.keywords,
    type: service.type,
    locationRule: service.locationRule,
    neverPublic: service.neverPublic,
    moderation: service.moderation,
    departmentNames: service.department?.names ?? null,
    slaDays: service.slaDays,
    active: service.active,
    attributes: (service.attributes ?? []).map((attribute) => ({
      code: attribute.code,
      datatype: attribute.datatype,
      variable: attribute.variable,
      required: attribute.required,
      order: attribute.sortOrder,
      descriptions: attribute.descriptions,
      datatypeDescriptions: attribute.datatypeDescriptions,
      values: attribute.values,
    })),
  };
}

/**
 * Reads every jurisdiction and service with its department and attributes: a few hundred rows
 * at most, read again only when the catalogue cache (CATALOGUE_CACHE_SECONDS) runs out.
 */
export async function loadCatalogue(pool: Pool): Promise<Catalogue> {
  const manager = entityManager(pool);
  const [jurisdictionRows, serviceRows, changesetRows] = await Promise.all([
    pool.query<JurisdictionRow>(JURISDICTIONS),
    manager.find(ServiceEntity, {
      relations: { department: true, attributes: true },
      order: { jurisdictionId: 'ASC', sortOrder: 'ASC', code: 'ASC', attributes: { sortOrder: 'ASC' } },
    }),
    pool.query<{ changeset: string }>(CHANGESET),
  ]);
  const jurisdictions = new Map<string, Jurisdiction>();
  const hostCities = new Map<string, string>();
  for (const jurisdiction of jurisdictionRows.rows.map(toJurisdiction)) {
    jurisdictions.set(jurisdiction.id, jurisdiction);
    for (const host of jurisdiction.hostNames) hostCities.set(host, jurisdiction.id);
  }
  const services = new Map<string, Service[]>();
  const serviceById = new Map<number, Service>();
  for (const service of serviceRows.map(toService)) {
    serviceById.set(service.id, service);
    const list = services.get(service.jurisdictionId) ?? [];
    list.push(service);
    services.set(service.jurisdictionId, list);
  }
  return { jurisdictions, hostCities, services, serviceById, changeset: changesetRows.rows[0].changeset };
}

/**
 * The cities whose boundary covers a point (docs/open311-dialect.md §7): one statement on the
 * GiST index, asked only by a POST with a point when some city has a boundary. ST_Covers counts
 * a point on the border line as inside, so a border street belongs to both cities.
 */
export async function citiesCovering(pool: Pool, point: { lat: number; long: number }): Promise<string[]> {
  const result = await pool.query<{ id: string }>({
    name: 'cities-covering-point',
    text: `SELECT id FROM jurisdiction
            WHERE boundary IS NOT NULL AND ST_Covers(boundary, ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326))
            ORDER BY created_at, id`,
    values: [point.long, point.lat],
  });
  return result.rows.map((row) => row.id);
}
