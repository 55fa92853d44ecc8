import type { Logger } from 'pino';
import type { Pool } from 'pg';
import type { Transporter } from 'nodemailer';
import type { Config } from '../config';
import {
  claimDueMessages,
  markMessageFailed,
  markMessageSent,
  type ClaimedMessage,
} from '../repositories/outbox-repository';

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

  async function send(row: ClaimedMessage): Promise<void> {
    try {
      await transport.sendMail({
        // The city's sender when it has one (docs/domain-model.md §12), else the deployment's.
        from: row.mail_from ?? config.mailFrom,
        to: row.recipient,
        subject: row.subject,
        text: row.body,
        messageId: row.message_id,
        headers: {
          'Auto-Submitted': 'auto-generated',
          ...(row.request_public_id ? { 'X-Palaute311-Request': row.request_public_id } : {}),
        },
      });
      await markMessageSent(pool, row.id);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ outboxId: row.id, attempts: row.attempts, err: message }, 'mail delivery failed; will retry');
      await markMessageFailed(pool, row.id, message.slice(0, 1000), config.mailRetryBaseMs, config.mailMaxAttempts);
    }
  }

  async function runOnce(): Promise<number> {
    // Claimed messages are leased (src/repositories/outbox-repository.ts): at-least-once delivery.
    const claimed = await claimDueMessages(pool, options.batchSize ?? 20, config.mailLeaseMs);
    for (const row of claimed) await send(row);
    return claimed.length;
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
