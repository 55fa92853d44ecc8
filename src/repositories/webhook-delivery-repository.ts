import type { Pool, PoolClient } from 'pg';
import { w3c } from './public-scope';

type Queryable = Pool | PoolClient;

/** A delivery the worker holds the lease of, with what it needs to send it. */
export type ClaimedDelivery = {
  id: string;
  webhook_id: number;
  url: string;
  secret: string;
  event_id: string;
  event_type: string;
  event_kind: string;
  event_datetime: string;
  request_id: string;
  service_request_id: string;
  jurisdiction_id: string;
  payload: string | null;
  attempts: number;
};

/**
 * Claims due deliveries by moving their next attempt one lease ahead (FOR UPDATE SKIP LOCKED,
 * as the outbox does: src/repositories/outbox-repository.ts), so two workers never hold the same
 * delivery. In order per request: a delivery waits while an earlier one of the same webhook and
 * request is neither delivered nor given up, and that earlier one, once claimed, is leased.
 */
const CLAIM = `
  UPDATE webhook_delivery d SET attempts = d.attempts + 1, last_attempt_at = now(),
         next_attempt_at = now() + $2 * interval '1 millisecond'
    FROM webhook w, request_event e, service_request r
   WHERE d.id IN (SELECT x.id FROM webhook_delivery x JOIN webhook h ON h.id = x.webhook_id
                   WHERE x.delivered_at IS NULL AND x.failed_at IS NULL AND x.next_attempt_at <= now()
                     AND h.active AND h.deleted_at IS NULL
                     AND NOT EXISTS (SELECT 1 FROM webhook_delivery b
                                      WHERE b.webhook_id = x.webhook_id AND b.request_id = x.request_id AND b.id < x.id
                                        AND b.delivered_at IS NULL AND b.failed_at IS NULL)
                   ORDER BY x.next_attempt_at, x.id LIMIT $1 FOR UPDATE OF x SKIP LOCKED)
     AND w.id = d.webhook_id AND e.id = d.event_id AND r.id = d.request_id
  RETURNING d.id, d.webhook_id, w.url, w.secret, d.event_id, d.event_type, e.kind AS event_kind,
            ${w3c('e.created_at')} AS event_datetime, d.request_id, r.public_id AS service_request_id,
            r.jurisdiction_id, d.payload, d.attempts`;

export async function claimDueDeliveries(pool: Pool, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  return (await pool.query<ClaimedDelivery>(CLAIM, [limit, leaseMs])).rows;
}

/** Fixes the body at the first attempt; a body already fixed (by an earlier attempt) wins. */
export async function fixPayload(pool: Pool, id: string, payload: string): Promise<string> {
  const fixed = await pool.query<{ payload: string }>(
    `UPDATE webhook_delivery SET payload = COALESCE(payload, $2) WHERE id = $1 RETURNING payload`,
    [id, payload],
  );
  return fixed.rows[0].payload;
}

export async function markDelivered(pool: Pool, id: string, status: number): Promise<void> {
  await pool.query(
    `UPDATE webhook_delivery SET delivered_at = now(), last_status = $2, last_error = NULL WHERE id = $1`,
    [id, status],
  );
}

/** Backoff doubling from the first retry up to an hour; the last attempt's failure gives up. */
const FAILED = `
  UPDATE webhook_delivery SET last_status = $2, last_error = $3,
         next_attempt_at = now() + least($4 * power(2, attempts - 1), 3600000) * interval '1 millisecond',
         failed_at = CASE WHEN attempts >= $5 THEN now() END
   WHERE id = $1`;

export async function markAttemptFailed(
  pool: Pool,
  id: string,
  failure: { status: number | null; error: string },
  firstRetryMs: number,
  maxAttempts: number,
): Promise<void> {
  await pool.query(FAILED, [id, failure.status, failure.error.slice(0, 1000), firstRetryMs, maxAttempts]);
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** A delivery as its log shows it (AdminWebhookDelivery). */
export type DeliveryRow = {
  delivery_id: string;
  event_id: string;
  event_type: string;
  service_request_id: string;
  state: DeliveryState;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  created_datetime: string;
  next_attempt_datetime: string | null;
  last_attempt_datetime: string | null;
  delivered_datetime: string | null;
  failed_datetime: string | null;
};

const STATE_SQL: Record<DeliveryState, string> = {
  pending: 'd.delivered_at IS NULL AND d.failed_at IS NULL',
  delivered: 'd.delivered_at IS NOT NULL',
  failed: 'd.failed_at IS NOT NULL',
};

const DELIVERY_COLUMNS = `
  d.id::text AS delivery_id, d.event_id::text AS event_id, d.event_type, r.public_id AS service_request_id,
  CASE WHEN d.delivered_at IS NOT NULL THEN 'delivered' WHEN d.failed_at IS NOT NULL THEN 'failed' ELSE 'pending' END
    AS state,
  d.attempts, d.last_status, d.last_error, ${w3c('d.created_at')} AS created_datetime,
  CASE WHEN d.delivered_at IS NULL AND d.failed_at IS NULL THEN ${w3c('d.next_attempt_at')} END AS next_attempt_datetime,
  ${w3c('d.last_attempt_at')} AS last_attempt_datetime, ${w3c('d.delivered_at')} AS delivered_datetime,
  ${w3c('d.failed_at')} AS failed_datetime`;

/** The delivery log of one webhook, newest first, optionally by state. */
export async function listDeliveries(
  pool: Pool,
  webhookId: number,
  filter: { state?: DeliveryState; page: number; pageSize: number },
): Promise<DeliveryRow[]> {
  const where = filter.state === undefined ? 'true' : STATE_SQL[filter.state];
  const found = await pool.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_delivery d JOIN service_request r ON r.id = d.request_id
      WHERE d.webhook_id = $1 AND ${where} ORDER BY d.id DESC LIMIT $2 OFFSET $3`,
    [webhookId, filter.pageSize, (filter.page - 1) * filter.pageSize],
  );
  return found.rows;
}

/** A delivery's state, locked for the caller's transaction; null when the webhook has no such delivery. */
export async function lockDeliveryState(db: Queryable, webhookId: number, id: string): Promise<DeliveryState | null> {
  const found = await db.query<{ state: DeliveryState }>(
    `SELECT CASE WHEN delivered_at IS NOT NULL THEN 'delivered' WHEN failed_at IS NOT NULL THEN 'failed'
                 ELSE 'pending' END AS state
       FROM webhook_delivery WHERE id = $2 AND webhook_id = $1 FOR UPDATE`,
    [webhookId, id],
  );
  return found.rows[0]?.state ?? null;
}

/**
 * Sends a delivered or given-up delivery again from its first attempt, with the same body (and
 * event id) as before: due now, unless an earlier delivery for the same request still waits.
 */
export async function redeliver(db: Queryable, webhookId: number, id: string): Promise<DeliveryRow | null> {
  const found = await db.query<DeliveryRow>(
    `WITH again AS (
       UPDATE webhook_delivery SET delivered_at = NULL, failed_at = NULL, attempts = 0, next_attempt_at = now()
        WHERE id = $2 AND webhook_id = $1 AND (delivered_at IS NOT NULL OR failed_at IS NOT NULL) RETURNING *)
     SELECT ${DELIVERY_COLUMNS} FROM again d JOIN service_request r ON r.id = d.request_id`,
    [webhookId, id],
  );
  return found.rows[0] ?? null;
}
