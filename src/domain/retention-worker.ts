import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { pollEvery } from './polling';
import { eraseExpiredContacts, type RetentionRun } from './retention';

export type RetentionWorker = { runOnce(): Promise<RetentionRun>; stop(): Promise<void> };

/**
 * Runs the retention setting (docs/retention.md) every `pollMs`, the first time right after
 * start: erases the contact details of requests closed more than `months` months ago, in
 * batches, and logs the counts of each run that erased something. Several processes may run it:
 * each batch locks its requests with SKIP LOCKED.
 */
export function startRetentionWorker(options: {
  pool: Pool;
  months: number;
  pollMs: number;
  logger: Logger;
}): RetentionWorker {
  const { pool, months, pollMs, logger } = options;

  async function runOnce(): Promise<RetentionRun> {
    const run = await eraseExpiredContacts(pool, months);
    if (run.checked > 0) logger.info({ ...run, retention_months: months }, 'retention: contact details erased');
    return run;
  }

  const polling = pollEvery({
    round: runOnce,
    pollMs,
    poll: true,
    logger,
    what: 'retention',
    firstDelayMs: 0,
    unref: true,
  });
  return { runOnce: () => polling.runOnce(), stop: polling.stop };
}
