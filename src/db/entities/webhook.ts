import { EntitySchema } from 'typeorm';
import { bigserialId, jsonObject, oneOf, optionalText, optionalTimestamp, serialId, stampedNow } from './columns';
import { HandlerEntity } from './handler';
import { JurisdictionEntity } from './jurisdiction';
import { RequestEventEntity } from './request-event';
import { ServiceRequestEntity } from './service-request';

/**
 * A city's webhook (docs/webhooks.md): where its case-management system wants to hear about
 * requests, which event types, and the secret deliveries are signed with. Deleting keeps the
 * row (`deletedAt`) so its delivery log and audit stay.
 */
export type WebhookRecord = {
  id: number;
  jurisdictionId: string;
  name: string;
  url: string;
  events: string[];
  /** The HMAC key: kept as given, since signing needs it; shown once, on create. */
  secret: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
};

/** One event to one webhook; written by the request_event trigger, claimed by the worker with a lease. */
export type WebhookDeliveryRecord = {
  id: string;
  webhookId: number;
  eventId: string;
  requestId: string;
  eventType: string;
  createdAt: Date;
  /** The raw JSON body, fixed at the first attempt: every retry sends (and signs) the same bytes. */
  payload: string | null;
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  failedAt: Date | null;
};

export const WEBHOOK_EVENT_KINDS = [
  'webhook_created',
  'webhook_updated',
  'webhook_deleted',
  'delivery_redelivered',
] as const;

/** Who created, changed or deleted which webhook, or asked a delivery again; never the secret. */
export type WebhookEventRecord = {
  id: string;
  createdAt: Date;
  handlerId: number | null;
  webhookId: number;
  kind: (typeof WEBHOOK_EVENT_KINDS)[number];
  data: object;
};

const pending = 'delivered_at IS NULL AND failed_at IS NULL';

export const WebhookEntity = new EntitySchema<WebhookRecord>({
  name: 'webhook',
  columns: {
    id: serialId,
    jurisdictionId: { type: 'text', foreignKey: { target: JurisdictionEntity } },
    name: { type: 'text' },
    url: { type: 'text' },
    events: { type: 'text', array: true },
    secret: { type: 'text' },
    active: { type: 'boolean', default: true },
    createdAt: stampedNow,
    updatedAt: stampedNow,
    deletedAt: optionalTimestamp,
  },
  checks: [{ name: 'webhook_events_check', expression: 'cardinality(events) > 0' }],
  indices: [{ name: 'webhook_live', columns: ['jurisdictionId'], where: 'active AND deleted_at IS NULL' }],
});

export const WebhookDeliveryEntity = new EntitySchema<WebhookDeliveryRecord>({
  name: 'webhook_delivery',
  columns: {
    id: bigserialId,
    webhookId: { type: 'int', foreignKey: { target: WebhookEntity, onDelete: 'CASCADE' } },
    eventId: { type: 'bigint', foreignKey: { target: RequestEventEntity, onDelete: 'CASCADE' } },
    requestId: { type: 'bigint', foreignKey: { target: ServiceRequestEntity, onDelete: 'CASCADE' } },
    eventType: { type: 'text' },
    createdAt: stampedNow,
    payload: optionalText,
    attempts: { type: 'int', default: 0 },
    nextAttemptAt: stampedNow,
    lastAttemptAt: optionalTimestamp,
    lastStatus: { type: 'int', nullable: true },
    lastError: optionalText,
    deliveredAt: optionalTimestamp,
    failedAt: optionalTimestamp,
  },
  uniques: [{ name: 'webhook_delivery_webhook_event_key', columns: ['webhookId', 'eventId'] }],
  indices: [
    { name: 'webhook_delivery_due', columns: ['nextAttemptAt', 'id'], where: pending },
    { name: 'webhook_delivery_waiting', columns: ['webhookId', 'requestId', 'id'], where: pending },
    { name: 'webhook_delivery_request', columns: ['requestId'] },
    { name: 'webhook_delivery_failed', columns: ['id'], where: 'failed_at IS NOT NULL' },
  ],
});

export const WebhookEventEntity = new EntitySchema<WebhookEventRecord>({
  name: 'webhook_event',
  columns: {
    id: bigserialId,
    createdAt: stampedNow,
    handlerId: { type: 'int', nullable: true, foreignKey: { target: HandlerEntity } },
    webhookId: { type: 'int', foreignKey: { target: WebhookEntity, onDelete: 'CASCADE' } },
    kind: { type: 'text' },
    data: jsonObject,
  },
  checks: [oneOf('webhook_event', 'kind', WEBHOOK_EVENT_KINDS)],
  indices: [{ name: 'webhook_event_webhook', columns: ['webhookId', 'id'] }],
});
