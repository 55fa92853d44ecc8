import type { Pool } from 'pg';
import { adminRequestView } from '../domain/admin-request-view';
import type { ClaimedDelivery } from '../repositories/webhook-delivery-repository';

/**
 * A delivery's body (docs/webhooks.md, "Payload"): the event (its id, type, audit kind and time)
 * and the request exactly as GET /admin/v1/requests/{service_request_id} shows it when the
 * delivery is first attempted. Nothing else: no secret, token or key of any kind.
 */
export async function buildPayload(pool: Pool, baseUrl: string, delivery: ClaimedDelivery): Promise<string> {
  const request = await adminRequestView(
    pool,
    baseUrl,
    { id: delivery.request_id, publicId: delivery.service_request_id },
    null,
  );
  return JSON.stringify({
    id: delivery.event_id,
    type: delivery.event_type,
    kind: delivery.event_kind,
    created_datetime: delivery.event_datetime,
    webhook_id: delivery.webhook_id,
    jurisdiction_id: delivery.jurisdiction_id,
    service_request: request,
  });
}
