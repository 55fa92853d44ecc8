import { EntitySchema } from 'typeorm';
import { bigserialId, jsonObject, optionalText, stampedNow } from './columns';
import { HandlerEntity } from './handler';
import { ServiceRequestEntity } from './service-request';

/** Every state change, answer, note and publication decision of a request: its audit log and public history. */
export type RequestEventRecord = {
  id: string;
  requestId: string;
  createdAt: Date;
  kind: string;
  public: boolean;
  status: string | null;
  detailedStatus: string | null;
  note: string | null;
  actor: string | null;
  handlerId: number | null;
  data: Record<string, unknown>;
};

export const RequestEventEntity = new EntitySchema<RequestEventRecord>({
  name: 'request_event',
  columns: {
    id: bigserialId,
    requestId: { type: 'bigint', foreignKey: { target: ServiceRequestEntity, onDelete: 'CASCADE' } },
    createdAt: stampedNow,
    kind: { type: 'text' },
    public: { type: 'boolean', default: false },
    status: optionalText,
    detailedStatus: optionalText,
    note: optionalText,
    actor: optionalText,
    handlerId: { type: 'int', nullable: true, foreignKey: { target: HandlerEntity } },
    data: jsonObject,
  },
  indices: [
    { name: 'request_event_request', columns: ['requestId', 'createdAt'] },
    { name: 'request_event_public', columns: ['createdAt', 'id'], where: 'public' },
    {
      name: 'request_event_redirected',
      columns: ['requestId'],
      where: "kind IN ('redirected_internal', 'redirected_external')",
    },
    { name: 'request_event_erasure', columns: ['createdAt'], where: "kind IN ('erased', 'contact_erased')" },
  ],
});
