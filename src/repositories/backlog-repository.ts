import type { Pool } from 'pg';

/** Work waiting in, or given up by, the background queues (docs/metrics.md). */
export type Backlog = {
  outboxPending: number;
  outboxFailed: number;
  alertsPending: number;
  alertsFailed: number;
  webhooksPending: number;
  webhooksFailed: number;
};

/**
 * One round trip for every count. Pending rows are read from the workers' own partial indexes
 * (`outbox_due`, `webhook_delivery_due`), failed ones from `outbox_failed` and
 * `webhook_delivery_failed`; `alert_pending` holds only queued alerts (the worker deletes the
 * done ones) and the few that failed `maxAttempts` times.
 */
const BACKLOG = `
  SELECT (SELECT count(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL)::int AS outbox_pending,
         (SELECT count(*) FROM outbox WHERE failed_at IS NOT NULL)::int AS outbox_failed,
         (SELECT count(*) FROM alert_pending WHERE attempts < $1)::int AS alerts_pending,
         (SELECT count(*) FROM alert_pending WHERE attempts >= $1)::int AS alerts_failed,
         (SELECT count(*) FROM webhook_delivery WHERE delivered_at IS NULL AND failed_at IS NULL)::int
           AS webhooks_pending,
         (SELECT count(*) FROM webhook_delivery WHERE failed_at IS NOT NULL)::int AS webhooks_failed`;

type Row = Record<
  'outbox_pending' | 'outbox_failed' | 'alerts_pending' | 'alerts_failed' | 'webhooks_pending' | 'webhooks_failed',
  number
>;

/** `alertMaxAttempts`: the alert worker's MAIL_MAX_ATTEMPTS; alerts with that many attempts are given up. */
export async function readBacklog(pool: Pool, alertMaxAttempts: number): Promise<Backlog> {
  const row = (await pool.query<Row>(BACKLOG, [alertMaxAttempts])).rows[0];
  return {
    outboxPending: row.outbox_pending,
    outboxFailed: row.outbox_failed,
    alertsPending: row.alerts_pending,
    alertsFailed: row.alerts_failed,
    webhooksPending: row.webhooks_pending,
    webhooksFailed: row.webhooks_failed,
  };
}
