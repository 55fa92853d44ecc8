import { EntitySchema } from 'typeorm';
import { bigserialId, optionalText, optionalTimestamp, stampedNow } from './columns';
import { ServiceRequestEntity } from './service-request';

/** An e-mail to send, written in the transaction of the change it reports; delivered at least once. */
export type OutboxRecord = {
  id: string;
  messageId: string;
  requestId: string | null;
  kind: string;
  locale: string;
  recipient: string;
  subject: string;
  body: string;
  createdAt: Date;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
  failedAt: Date | null;
  /** `Name <address>` of the request's city; null sends from MAIL_FROM. */
  mailFrom: string | null;
};

export const OutboxEntity = new EntitySchema<OutboxRecord>({
  name: 'outbox',
  columns: {
    id: bigserialId,
    messageId: { type: 'text', unique: true },
    requestId: {
      type: 'bigint',
      nullable: true,
      foreignKey: { target: ServiceRequestEntity, onDelete: 'CASCADE' },
    },
    kind: { type: 'text' },
    locale: { type: 'text' },
    recipient: { type: 'text' },
    subject: { type: 'text' },
    body: { type: 'text' },
    createdAt: stampedNow,
    attempts: { type: 'int', default: 0 },
    nextAttemptAt: stampedNow,
    lastError: optionalText,
    sentAt: optionalTimestamp,
    failedAt: optionalTimestamp,
    mailFrom: optionalText,
  },
  indices: [
    { name: 'outbox_due', columns: ['nextAttemptAt', 'id'], where: 'sent_at IS NULL AND failed_at IS NULL' },
    { name: 'outbox_request', columns: ['requestId'] },
    { name: 'outbox_failed', columns: ['id'], where: 'failed_at IS NOT NULL' },
  ],
});
