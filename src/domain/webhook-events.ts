/**
 * The event types a webhook can ask for (docs/webhooks.md). Each comes from one or more audit
 * event kinds (src/domain/event-kinds.ts); the mapping itself lives in the trigger of
 * src/db/migrations/1764600000000-webhooks.ts, which writes the deliveries.
 */
export const WEBHOOK_EVENT_TYPES = [
  'request.created',
  'request.status_changed',
  'request.answered',
  'request.redirected',
  'request.duplicate',
  'request.published',
  'request.hidden',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
