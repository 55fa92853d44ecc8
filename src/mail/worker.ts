import type { Logger } from 'pino';
import type { Pool } from 'pg';
import type { Transporter } from 'nodemailer';
import type { Config } from '../config';
import { pollEvery, type Polling } from '../domain/polling';
import {
  claimDueMessages,
  markMessageFailed,
  markMessageSent,
  type ClaimedMessage,
} from '../repositories/outbox-repository';

export type MailWorker = Polling;

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

  const polling = pollEvery({ round: runOnce, pollMs: config.mailPollMs, poll, logger, what: 'mail worker' });
  return {
    runOnce: polling.runOnce,
    async stop() {
      await polling.stop();
      transport.close();
    },
  };
}
