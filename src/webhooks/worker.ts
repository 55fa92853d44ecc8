import type { Logger } from 'pino';
import type { Pool } from 'pg';
import type { Config } from '../config';
import { pollEvery, type Polling } from '../domain/polling';
import {
  claimDueDeliveries,
  fixPayload,
  markAttemptFailed,
  markDelivered,
  type ClaimedDelivery,
} from '../repositories/webhook-delivery-repository';
import { buildPayload } from './payload';
import { postJson } from './send';
import { signature } from './sign';

export type WebhookWorker = Polling;

export type WebhookWorkerOptions = {
  pool: Pool;
  config: Pick<
    Config,
    | 'publicBaseUrl'
    | 'webhookRetryFirstSeconds'
    | 'webhookMaxAttempts'
    | 'webhookTimeoutMs'
    | 'webhookPollMs'
    | 'webhookLeaseMs'
  >;
  logger: Logger;
  batchSize?: number;
};

/** A failure in words for the delivery log; a connection tried on several addresses fails with all of them. */
function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(describe).join('; ');
  if (!(error instanceof Error)) return String(error);
  return error.message || String((error as NodeJS.ErrnoException).code ?? error.name);
}

/**
 * Delivers webhooks (docs/webhooks.md): polls, claims due deliveries with a lease (so several
 * processes share the work and never hold one delivery at once), sends each signed, and records
 * success or the next attempt. At least once: a process killed mid-send leaves the lease to run out.
 */
export function startWebhookWorker(options: WebhookWorkerOptions, poll = true): WebhookWorker {
  const { pool, config, logger } = options;

  async function send(row: ClaimedDelivery): Promise<void> {
    let status: number | null = null;
    try {
      const body = row.payload ?? (await fixPayload(pool, row.id, await buildPayload(pool, config.publicBaseUrl, row)));
      const answer = await postJson(
        row.url,
        body,
        {
          'Content-Type': 'application/json',
          'User-Agent': 'palaute311-webhooks',
          'X-Palaute-Signature': signature(row.secret, body),
          'X-Palaute-Timestamp': String(Math.floor(Date.now() / 1000)),
          'X-Palaute-Event': row.event_type,
          'X-Palaute-Delivery': row.id,
        },
        config.webhookTimeoutMs,
      );
      status = answer.status;
      if (status < 200 || status > 299) throw new Error(`answered ${status}`);
      await markDelivered(pool, row.id, status);
    } catch (error) {
      const message = describe(error);
      logger.warn({ deliveryId: row.id, attempts: row.attempts, err: message }, 'webhook delivery failed; will retry');
      await markAttemptFailed(
        pool,
        row.id,
        { status, error: message },
        config.webhookRetryFirstSeconds * 1000,
        config.webhookMaxAttempts,
      );
    }
  }

  async function runOnce(): Promise<number> {
    const claimed = await claimDueDeliveries(pool, options.batchSize ?? 20, config.webhookLeaseMs);
    // One claim holds at most one delivery per webhook and request, so these may go out together.
    await Promise.all(claimed.map(send));
    return claimed.length;
  }

  return pollEvery({ round: runOnce, pollMs: config.webhookPollMs, poll, logger, what: 'webhook worker' });
}
