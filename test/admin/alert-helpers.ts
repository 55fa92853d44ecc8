import pino from 'pino';
import { createTransport } from 'nodemailer';
import type { Pool } from 'pg';
import { startAlertWorker } from '../../src/mail/alert-worker';
import { startMailWorker } from '../../src/mail/worker';
import type { LocalSmtp } from '../support/smtp';

/** Shared by the alert tests (docs/alerts.md): the real workers, one round each, on the test database. */
const silent = pino({ level: 'silent' });

export const alertConfig = {
  publicBaseUrl: 'http://palaute.test',
  alertPollMs: 1000,
  alertDigestHour: 7,
  mailMaxAttempts: 5,
  mailRetryBaseMs: 1,
};

/** One round of an alert worker (queued alerts → outbox, digests due at `now`). */
export async function composeAlerts(pool: Pool, now?: Date) {
  const worker = startAlertWorker({ pool, config: alertConfig, logger: silent }, false);
  try {
    return await worker.runOnce(now);
  } finally {
    await worker.stop();
  }
}

/** One round of the mail worker: the outbox over real SMTP to the local server. */
export async function deliverMail(pool: Pool, smtp: LocalSmtp): Promise<number> {
  const worker = startMailWorker(
    {
      pool,
      config: {
        mailFrom: 'Palaute <palaute@city.test>',
        mailPollMs: 1000,
        mailMaxAttempts: 5,
        mailRetryBaseMs: 1,
        mailLeaseMs: 50,
      },
      logger: silent,
      transport: createTransport(smtp.url),
    },
    false,
  );
  try {
    return await worker.runOnce();
  } finally {
    await worker.stop();
  }
}

/** The mails one address received. */
export const mailsTo = (smtp: LocalSmtp, address: string) => smtp.received.filter((mail) => mail.to.includes(address));
