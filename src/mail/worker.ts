import type { Logger } from 'pino';
import type { Pool } from 'pg';
import type { Transporter } from 'nodemailer';
import type { Config } from '../config';

type OutboxRow = {
  id: string;
  message_id: string;
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
  request_public_id: string | null;
};

/**
 * Claims due messages by moving their next attempt one lease ahead (FOR UPDATE SKIP LOCKED, so
 * several processes share the outbox). A process killed mid-send never marks the message sent,
 * so it is claimed again when the lease runs out: at-least-once, under the same Message-ID.
 */
const CLAIM = `
  UPDATE outbox o SET attempts = o.attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond'
   WHERE o.id IN (SELECT id FROM outbox
                   WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
                   ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
  RETURNING o.id, o.message_id, o.recipient, o.subject, o.body, o.attempts,
            (SELECT public_id FROM service_request WHERE id = o.request_id) AS request_public_id`;

const SENT = `UPDATE outbox SET sent_at = now(), last_error = NULL WHERE id = $1`;

/** Exponential backoff from the attempt count; the last attempt's failure gives up for good. */
const FAILED = `
  UPDATE outbox SET last_error = $2,
         next_attempt_at = now() + least($3 * power(2, attempts - 1), 3600000) * interval '1 millisecond',
         failed_at = CASE WHEN attempts >= $4 THEN now() END
   WHERE id = $1`;

export type MailWorker = { runOnce(): Promise<number>; stop(): Promise<void> };

export type MailWorkerOptions = {
  pool: Pool;
  config: Pick<Config, 'mailFrom' | 'mailPollMs' | 'mailMaxAttempts' | 'mailRetryBaseMs' | 'mailLeaseMs'>;
  transport: Transporter;
  logger: Logger;
  batchSize?: number;
};

/** Delivers the outbox over SMTP: polls, sends each claimed message, records success or backoff. */
export function startMailWorker(options: MailWorkerOptions, poll = true): MailWorker {
  const { pool, config, transport, logger } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> = Promise.resolve(0);

  async function send(row: OutboxRow): Promise<void> {
    try {
      await transport.sendMail({
        from: config.mailFrom,
        to: row.recipient,
        subject: row.subject,
        text: row.body,
        messageId: row.message_id,
        headers: {
          'Auto-Submitted': 'auto-generated',
          ...(row.request_public_id ? { 'X-Palaute311-Request': row.request_public_id } : {}),
        },
      });
      await pool.query(SENT, [row.id]);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ outboxId: row.id, attempts: row.attempts, err: message }, 'mail delivery failed; will retry');
      await pool.query(FAILED, [row.id, message.slice(0, 1000), config.mailRetryBaseMs, config.mailMaxAttempts]);
    }
  }

  async function runOnce(): Promise<number> {
    const claimed = await pool.query<OutboxRow>(CLAIM, [options.batchSize ?? 20, config.mailLeaseMs]);
    for (const row of claimed.rows) await send(row);
    return claimed.rows.length;
  }

  function schedule(): void {
    if (stopped || !poll) return;
    timer = setTimeout(() => {
      running = runOnce()
        .catch((error: unknown) => {
          logger.error({ err: error }, 'mail worker round failed');
          return 0;
        })
        .finally(schedule);
    }, config.mailPollMs);
  }
  schedule();

  return {
    runOnce: () => (running = running.then(runOnce, runOnce)),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running.catch(() => 0);
      transport.close();
    },
  };
}
