import type { Pool } from 'pg';
import type { Catalogue, Jurisdiction, Service } from '../domain/catalogue';
import { JurisdictionEntity } from '../db/entities/jurisdiction';
import { ServiceEntity, type ServiceRecord } from '../db/entities/service';
import { entityManager } from '../db/orm';

const CHANGESET = `
  SELECT to_char(greatest(
           (SELECT max(changeset) FROM jurisdiction),
           (SELECT max(updated_at) FROM service),
           timestamptz '2026-01-01T00:00:00Z') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS changeset`;

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
    manager.find(JurisdictionEntity, { order: { id: 'ASC' } }),
    manager.find(ServiceEntity, {
      relations: { department: true, attributes: true },
      order: { jurisdictionId: 'ASC', sortOrder: 'ASC', code: 'ASC', attributes: { sortOrder: 'ASC' } },
    }),
    pool.query<{ changeset: string }>(CHANGESET),
  ]);
  const jurisdictions = new Map<string, Jurisdiction>();
  for (const row of jurisdictionRows) {
    jurisdictions.set(row.id, {
      id: row.id,
      names: row.names,
      defaultLocale: row.defaultLocale,
      timezone: row.timezone,
    });
  }
  const services = new Map<string, Service[]>();
  const serviceById = new Map<number, Service>();
  for (const service of serviceRows.map(toService)) {
    serviceById.set(service.id, service);
    const list = services.get(service.jurisdictionId) ?? [];
    list.push(service);
    services.set(service.jurisdictionId, list);
  }
  return { jurisdictions, services, serviceById, changeset: changesetRows.rows[0].changeset };
}
