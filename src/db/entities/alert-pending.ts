import { EntitySchema } from 'typeorm';
import { bigserialId, optionalText, stampedNow } from './columns';
import { ServiceRequestEntity } from './service-request';

/**
 * An alert to compose (docs/alerts.md): queued by the trigger `alert_on_request_event` in the
 * transaction of the event, turned into outbox mails and deleted by the alert worker.
 */
export type AlertPendingRecord = {
  id: string;
  eventId: string;
  requestId: string;
  kind: string;
  createdAt: Date;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
};

export const AlertPendingEntity = new EntitySchema<AlertPendingRecord>({
  name: 'alert_pending',
  columns: {
    id: bigserialId,
    eventId: { type: 'bigint' },
    requestId: { type: 'bigint', foreignKey: { target: ServiceRequestEntity, onDelete: 'CASCADE' } },
    kind: { type: 'text' },
    createdAt: stampedNow,
    attempts: { type: 'int', default: 0 },
    nextAttemptAt: stampedNow,
    lastError: optionalText,
  },
  indices: [{ name: 'alert_pending_due', columns: ['nextAttemptAt', 'id'] }],
});
