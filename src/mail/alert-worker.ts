import type { Logger } from 'pino';
import type { Pool } from 'pg';
import type { Config } from '../config';
import { markAlertFailed, takeDueAlert } from '../repositories/alert-repository';
import { pollEvery } from '../domain/polling';
import { withTransaction } from '../repositories/transaction';
import { sendDueDigests } from './alert-digest';
import { composePendingAlert } from './alerts';

export type AlertWorker = {
  /** One round at `now` (tests give their own clock): queued alerts, then the digests due. */
  runOnce(now?: Date): Promise<{ alerts: number; mails: number; digests: number }>;
  stop(): Promise<void>;
};

export type AlertWorkerOptions = {
  pool: Pool;
  config: Pick<Config, 'publicBaseUrl' | 'alertPollMs' | 'alertDigestHour' | 'mailMaxAttempts' | 'mailRetryBaseMs'>;
  logger: Logger;
  /** Most alerts composed per round. */
  batchSize?: number;
};

/**
 * Turns queued alerts into outbox mails and sends the daily digests (docs/alerts.md). It only
 * writes the outbox; the mail worker (src/mail/worker.ts) delivers, with its retries. Every
 * process may run one: an alert is taken under a row lock, a digest under its department's.
 */
export function startAlertWorker(options: AlertWorkerOptions, poll = true): AlertWorker {
  const { pool, config, logger } = options;
  /** One alert in one transaction: the mails it queued, null when none is due. A failure is retried later, with backoff. */
  async function composeOne(): Promise<number | null> {
    let takenId: string | null = null;
    try {
      return await withTransaction(pool, async (client) => {
        const alert = await takeDueAlert(client, config.mailMaxAttempts);
        if (alert === null) return null;
        takenId = alert.id;
        return composePendingAlert(client, config.publicBaseUrl, alert);
      });
    } catch (error) {
      if (takenId === null) throw error;
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ alertId: takenId, err: message }, 'alert composition failed; will retry');
      await markAlertFailed(pool, takenId, message.slice(0, 1000), config.mailRetryBaseMs);
      return 0;
    }
  }

  async function round(now: Date) {
    let alerts = 0;
    let mails = 0;
    for (; alerts < (options.batchSize ?? 50); alerts += 1) {
      const queued = await composeOne();
      if (queued === null) break;
      mails += queued;
    }
    const digests = await sendDueDigests(pool, config.publicBaseUrl, now, config.alertDigestHour);
    return { alerts, mails, digests };
  }

  const polling = pollEvery({
    round: () => round(new Date()),
    pollMs: config.alertPollMs,
    poll,
    logger,
    what: 'alert worker',
  });
  return { runOnce: (now = new Date()) => polling.runOnce(() => round(now)), stop: polling.stop };
}
