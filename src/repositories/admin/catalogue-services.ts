import type { Pool, PoolClient } from 'pg';
import type { AttributeInput, ServiceCreate, ServicePatch } from '../../domain/catalogue-input';
import { ServiceEntity, type ServiceRecord } from '../../db/entities/service';
import { ServiceAttributeEntity, type ServiceAttributeRecord } from '../../db/entities/service-attribute';
import { ServiceRequestEntity } from '../../db/entities/service-request';
import { entityManager } from '../../db/orm';
import { localized, w3cTime } from '../wire-format';

type Queryable = Pool | PoolClient;

/** The admin view of a service (AdminCatalogueService): every language, inactive ones too. */
export type AdminService = Record<string, unknown> & { service_code: string };

const attributeToWire = (attribute: ServiceAttributeRecord) => ({
  code: attribute.code,
  datatype: attribute.datatype,
  variable: attribute.variable,
  required: attribute.required,
  order: attribute.sortOrder,
  descriptions: localized(attribute.descriptions),
  datatype_descriptions: localized(attribute.datatypeDescriptions),
  values: attribute.values.map((value) => ({ key: value.key, names: localized(value.names) })),
});

const toWire = (service: ServiceRecord): AdminService => ({
  service_code: service.code,
  jurisdiction_id: service.jurisdictionId,
  names: localized(service.names),
  descriptions: localized(service.descriptions),
  groups: localized(service.groups),
  keywords: localized(service.keywords),
  type: service.type,
  location_rule: service.locationRule,
  moderation: service.moderation,
  never_public: service.neverPublic,
  department_id: service.departmentId,
  sla_days: service.slaDays,
  active: service.active,
  sort_order: service.sortOrder,
  estimate_seconds: service.estimateSeconds,
  attributes: (service.attributes ?? []).map(attributeToWire),
  updated_datetime: w3cTime(service.updatedAt),
});

async function findServices(db: Queryable, where: { jurisdictionId?: string; code?: string }): Promise<AdminService[]> {
  const services = await entityManager(db).find(ServiceEntity, {
    where,
    relations: { attributes: true },
    order: {
      ...(where.jurisdictionId === undefined ? { jurisdictionId: 'ASC' as const } : {}),
      sortOrder: 'ASC',
      code: 'ASC',
      attributes: { sortOrder: 'ASC' },
    },
  });
  return services.map(toWire);
}

/** One city's catalogue; null: every city's, city by city. */
export async function listAdminServices(db: Queryable, jurisdictionId: string | null): Promise<AdminService[]> {
  return findServices(db, jurisdictionId === null ? {} : { jurisdictionId });
}

export async function findAdminService(
  db: Queryable,
  jurisdictionId: string,
  code: string,
): Promise<AdminService | null> {
  return (await findServices(db, { jurisdictionId, code }))[0] ?? null;
}

export type LockedService = { id: number; neverPublic: boolean; hasRequests: boolean };

/** The service row, locked for this transaction, and whether any request refers to it. */
export async function lockService(
  client: PoolClient,
  jurisdictionId: string,
  code: string,
): Promise<LockedService | null> {
  const manager = entityManager(client);
  const service = await manager.findOne(ServiceEntity, {
    select: { id: true, neverPublic: true },
    where: { jurisdictionId, code },
    lock: { mode: 'pessimistic_write' },
  });
  if (service === null) return null;
  const hasRequests = await manager.existsBy(ServiceRequestEntity, { serviceId: service.id });
  return { id: service.id, neverPublic: service.neverPublic, hasRequests };
}

export async function serviceCodeTaken(client: PoolClient, jurisdictionId: string, code: string): Promise<boolean> {
  return entityManager(client).existsBy(ServiceEntity, { jurisdictionId, code });
}

type ServiceFields = Omit<ServicePatch, 'attributes'>;

/** Body field → entity property. */
const PROPERTIES: Record<keyof ServiceFields, keyof ServiceRecord> = {
  names: 'names',
  descriptions: 'descriptions',
  groups: 'groups',
  keywords: 'keywords',
  type: 'type',
  location_rule: 'locationRule',
  moderation: 'moderation',
  never_public: 'neverPublic',
  department_id: 'departmentId',
  sla_days: 'slaDays',
  active: 'active',
  sort_order: 'sortOrder',
};

/** The fields the body sets; the others are left out (column defaults on insert, unchanged on update). */
function changes(body: ServicePatch): Partial<ServiceRecord> {
  const result: Record<string, unknown> = {};
  for (const [field, property] of Object.entries(PROPERTIES)) {
    const value = body[field as keyof ServiceFields];
    if (value !== undefined) result[property] = value;
  }
  return result as Partial<ServiceRecord>;
}

/** Inserts a service; omitted fields take the column defaults (the documented ones). */
export async function insertService(client: PoolClient, jurisdictionId: string, body: ServiceCreate): Promise<number> {
  const service = await entityManager(client).save(ServiceEntity, {
    ...changes(body),
    jurisdictionId,
    code: body.service_code,
  });
  return service.id;
}

/** Changes the given fields and marks the service changed (`updated_at`). */
export async function updateService(client: PoolClient, serviceId: number, body: ServicePatch): Promise<void> {
  await entityManager(client).update(ServiceEntity, { id: serviceId }, { ...changes(body), updatedAt: () => 'now()' });
}

/** Replaces the whole attribute list (the GeoReport service definition) of a service. */
export async function replaceAttributes(
  client: PoolClient,
  serviceId: number,
  attributes: AttributeInput[],
): Promise<void> {
  const manager = entityManager(client);
  await manager.delete(ServiceAttributeEntity, { serviceId });
  if (attributes.length === 0) return;
  await manager.insert(
    ServiceAttributeEntity,
    attributes.map((a) => ({
      serviceId,
      code: a.code,
      datatype: a.datatype,
      variable: a.variable ?? true,
      required: a.required ?? false,
      sortOrder: a.order,
      descriptions: a.descriptions,
      datatypeDescriptions: a.datatype_descriptions ?? {},
      values: a.values ?? [],
    })),
  );
}
