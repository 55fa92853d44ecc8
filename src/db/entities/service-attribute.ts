import { EntitySchema } from 'typeorm';
import { jsonList, jsonObject, oneOf, serialId, type Localized } from './columns';
import type { ServiceRecord } from './service';

const DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
type Datatype = (typeof DATATYPES)[number];

/** One field of a GeoReport service definition; `values` holds a list's choices in order. */
export type ServiceAttributeRecord = {
  id: number;
  serviceId: number;
  code: string;
  datatype: Datatype;
  variable: boolean;
  required: boolean;
  sortOrder: number;
  descriptions: Localized;
  datatypeDescriptions: Localized;
  values: { key: string; names: Localized }[];
  service?: ServiceRecord;
};

export const ServiceAttributeEntity = new EntitySchema<ServiceAttributeRecord>({
  name: 'service_attribute',
  columns: {
    id: serialId,
    serviceId: { type: 'int' },
    code: { type: 'text' },
    datatype: { type: 'text' },
    variable: { type: 'boolean', default: true },
    required: { type: 'boolean', default: false },
    sortOrder: { type: 'int' },
    descriptions: jsonObject,
    datatypeDescriptions: jsonObject,
    values: jsonList,
  },
  relations: {
    service: {
      type: 'many-to-one',
      target: 'service',
      inverseSide: 'attributes',
      joinColumn: { name: 'service_id' },
      onDelete: 'CASCADE',
    },
  },
  uniques: [{ columns: ['serviceId', 'code'] }, { columns: ['serviceId', 'sortOrder'] }],
  checks: [
    oneOf('service_attribute', 'datatype', DATATYPES),
    { name: 'service_attribute_sort_order_check', expression: 'sort_order > 0' },
  ],
});
