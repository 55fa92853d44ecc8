import { EntitySchema } from 'typeorm';
import { bigserialId, jsonObject, oneOf, stampedNow } from './columns';
import { HandlerEntity } from './handler';
import { JurisdictionEntity } from './jurisdiction';

export const CATALOGUE_EVENT_KINDS = [
  'service_created',
  'service_updated',
  'department_created',
  'department_updated',
  'jurisdiction_created',
  'jurisdiction_updated',
] as const;

export const ACCOUNT_EVENT_KINDS = [
  'handler_created',
  'handler_updated',
  'token_issued',
  'token_revoked',
  'client_created',
  'client_revoked',
  'client_updated',
] as const;

/** Who changed which service or department, and the body they sent. `handlerId` null: the command line. */
export type CatalogueEventRecord = {
  id: string;
  createdAt: Date;
  handlerId: number | null;
  jurisdictionId: string;
  kind: (typeof CATALOGUE_EVENT_KINDS)[number];
  serviceId: number | null;
  departmentId: number | null;
  data: object;
};

/** Who created or changed which handler, token or client application; never a secret. */
export type AccountEventRecord = {
  id: string;
  createdAt: Date;
  handlerId: number | null;
  kind: (typeof ACCOUNT_EVENT_KINDS)[number];
  targetHandlerId: number | null;
  credentialId: number | null;
  applicationId: number | null;
  data: object;
};

const actor = { type: 'int', nullable: true, foreignKey: { target: HandlerEntity } } as const;
/** A reference by entity name that goes with the row it names. */
const cascadingTo = (target: string) =>
  ({ type: 'int', nullable: true, foreignKey: { target, onDelete: 'CASCADE' } }) as const;

export const CatalogueEventEntity = new EntitySchema<CatalogueEventRecord>({
  name: 'catalogue_event',
  columns: {
    id: bigserialId,
    createdAt: stampedNow,
    handlerId: actor,
    jurisdictionId: { type: 'text', foreignKey: { target: JurisdictionEntity } },
    kind: { type: 'text' },
    serviceId: cascadingTo('service'),
    departmentId: cascadingTo('department'),
    data: jsonObject,
  },
  checks: [oneOf('catalogue_event', 'kind', CATALOGUE_EVENT_KINDS)],
  indices: [{ name: 'catalogue_event_service', columns: ['serviceId', 'id'], where: 'service_id IS NOT NULL' }],
});

export const AccountEventEntity = new EntitySchema<AccountEventRecord>({
  name: 'account_event',
  columns: {
    id: bigserialId,
    createdAt: stampedNow,
    handlerId: actor,
    kind: { type: 'text' },
    targetHandlerId: cascadingTo('handler'),
    credentialId: cascadingTo('handler_credential'),
    applicationId: cascadingTo('application'),
    data: jsonObject,
  },
  checks: [oneOf('account_event', 'kind', ACCOUNT_EVENT_KINDS)],
  indices: [
    { name: 'account_event_target', columns: ['targetHandlerId', 'id'], where: 'target_handler_id IS NOT NULL' },
  ],
});
