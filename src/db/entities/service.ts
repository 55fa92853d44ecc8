import { EntitySchema } from 'typeorm';
import type { ServiceFields } from '../../domain/catalogue';
import { jsonObject, oneOf, serialId, stampedNow } from './columns';
import type { DepartmentRecord } from './department';
import { JurisdictionEntity } from './jurisdiction';
import type { ServiceAttributeRecord } from './service-attribute';

/** A category (GeoReport service) of one municipality. */
export type ServiceRecord = ServiceFields & {
  departmentId: number | null;
  sortOrder: number;
  updatedAt: Date;
  estimateSeconds: number | null;
  /** Loaded only when asked for (`relations`). */
  department?: DepartmentRecord | null;
  attributes?: ServiceAttributeRecord[];
};

export const ServiceEntity = new EntitySchema<ServiceRecord>({
  name: 'service',
  columns: {
    id: serialId,
    jurisdictionId: { type: 'text', foreignKey: { target: JurisdictionEntity } },
    code: { type: 'text' },
    names: { type: 'jsonb' },
    descriptions: jsonObject,
    groups: jsonObject,
    keywords: jsonObject,
    type: { type: 'text', default: 'realtime' },
    locationRule: { type: 'text', default: 'coords_or_address' },
    neverPublic: { type: 'boolean', default: false },
    moderation: { type: 'text', default: 'auto' },
    departmentId: { type: 'int', nullable: true },
    slaDays: { type: 'int', default: 5 },
    active: { type: 'boolean', default: true },
    sortOrder: { type: 'int', default: 0 },
    updatedAt: stampedNow,
    estimateSeconds: { type: 'int', nullable: true },
  },
  relations: {
    department: { type: 'many-to-one', target: 'department', joinColumn: { name: 'department_id' }, nullable: true },
    attributes: { type: 'one-to-many', target: 'service_attribute', inverseSide: 'service' },
  },
  uniques: [{ columns: ['jurisdictionId', 'code'] }],
  checks: [
    oneOf('service', 'type', ['realtime', 'batch', 'blackbox']),
    oneOf('service', 'location_rule', ['coords_or_address', 'coords', 'none']),
    oneOf('service', 'moderation', ['auto', 'pre']),
    { name: 'service_sla_days_check', expression: 'sla_days >= 0' },
  ],
});
