import type { Pool } from 'pg';
import type { Catalogue, Jurisdiction, Service, ServiceAttribute } from '../domain/catalogue';

const JURISDICTIONS = `SELECT id, names, default_locale, timezone FROM jurisdiction ORDER BY id`;

const SERVICES = `
  SELECT s.id, s.jurisdiction_id, s.code, s.names, s.descriptions, s.groups, s.keywords, s.type,
         s.location_rule, s.never_public, s.moderation, d.names AS department_names, s.sla_days, s.active,
         coalesce((SELECT json_agg(json_build_object(
                     'code', a.code, 'datatype', a.datatype, 'variable', a.variable, 'required', a.required,
                     'order', a.sort_order, 'descriptions', a.descriptions,
                     'datatypeDescriptions', a.datatype_descriptions, 'values', a."values") ORDER BY a.sort_order)
                   FROM service_attribute a WHERE a.service_id = s.id), '[]') AS attributes
    FROM service s LEFT JOIN department d ON d.id = s.department_id
   ORDER BY s.jurisdiction_id, s.sort_order, s.code`;

const CHANGESET = `
  SELECT to_char(greatest(
           (SELECT max(changeset) FROM jurisdiction),
           (SELECT max(updated_at) FROM service),
           timestamptz '2026-01-01T00:00:00Z') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS changeset`;

type ServiceRow = {
  id: number;
  jurisdiction_id: string;
  code: string;
  names: Service['names'];
  descriptions: Service['descriptions'];
  groups: Service['groups'];
  keywords: Service['keywords'];
  type: Service['type'];
  location_rule: Service['locationRule'];
  never_public: boolean;
  moderation: Service['moderation'];
  department_names: Service['departmentNames'];
  sla_days: number;
  active: boolean;
  attributes: ServiceAttribute[];
};

/** Reads every jurisdiction and service with its attributes: a few hundred rows at most. */
export async function loadCatalogue(pool: Pool): Promise<Catalogue> {
  const [jurisdictionRows, serviceRows, changesetRows] = await Promise.all([
    pool.query(JURISDICTIONS),
    pool.query<ServiceRow>(SERVICES),
    pool.query<{ changeset: string }>(CHANGESET),
  ]);
  const jurisdictions = new Map<string, Jurisdiction>();
  for (const row of jurisdictionRows.rows) {
    jurisdictions.set(row.id, {
      id: row.id,
      names: row.names,
      defaultLocale: row.default_locale,
      timezone: row.timezone,
    });
  }
  const services = new Map<string, Service[]>();
  const serviceById = new Map<number, Service>();
  for (const row of serviceRows.rows) {
    const service: Service = {
      id: row.id,
      jurisdictionId: row.jurisdiction_id,
      code: row.code,
      names: row.names,
      descriptions: row.descriptions,
      groups: row.groups,
      keywords: row.keywords,
      type: row.type,
      locationRule: row.location_rule,
      neverPublic: row.never_public,
      moderation: row.moderation,
      departmentNames: row.department_names,
      slaDays: row.sla_days,
      active: row.active,
      attributes: row.attributes,
    };
    serviceById.set(service.id, service);
    const list = services.get(service.jurisdictionId) ?? [];
    list.push(service);
    services.set(service.jurisdictionId, list);
  }
  return { jurisdictions, services, serviceById, changeset: changesetRows.rows[0].changeset };
}
