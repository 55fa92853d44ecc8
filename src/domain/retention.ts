import type { Pool } from 'pg';
import { recordEvent } from '../repositories/admin/events';
import { claimExpiredContacts, eraseRequestData, hasContactDetails } from '../repositories/erasure-repository';
import { withTransaction } from '../repositories/transaction';
import { EVENT_KINDS } from './event-kinds';

export type RetentionRun = {
  /** Requests whose contact details were erased (the ones that had any). */
  erased: number;
  /** Requests looked at: also the anonymous ones, which are only marked. */
  checked: number;
  /** Outbox messages blanked with them. */
  mails: number;
};

/**
 * One batch of the retention setting (docs/retention.md): the contact details, and the e-mails
 * holding them, of up to `batchSize` requests closed more than `months` months ago, in one
 * transaction. Each request with something to erase gets an internal `contact_erased` event by
 * the system; every one is marked (`contact_erased_at`) so it is never looked at again. Only
 * contact details: texts and photos stay.
 */
export async function eraseExpiredContactsBatch(pool: Pool, months: number, batchSize: number): Promise<RetentionRun> {
  return withTransaction(pool, async (client) => {
    const run: RetentionRun = { erased: 0, checked: 0, mails: 0 };
    for (const requestId of await claimExpiredContacts(client, months, batchSize)) {
      run.checked += 1;
      const had = await hasContactDetails(client, requestId);
      const erased = await eraseRequestData(client, requestId, 'contact');
      run.mails += erased.mails;
      if (!had && erased.mails === 0) continue;
      run.erased += 1;
      await recordEvent(client, {
        requestId,
        kind: EVENT_KINDS.contactErased,
        handlerId: null,
        public: false,
        data: { retention_months: months, mails_erased: erased.mails, unsent_mails_cancelled: erased.unsentMails },
      });
    }
    return run;
  });
}

/** Batches until none is left (or `maxBatches`), so one run never holds locks for long. */
export async function eraseExpiredContacts(
  pool: Pool,
  months: number,
  batchSize = 100,
  maxBatches = 1000,
): Promise<RetentionRun> {
  const total: RetentionRun = { erased: 0, checked: 0, mails: 0 };
  for (let batch = 0; batch < maxBatches; batch += 1) {
    const run = await eraseExpiredContactsBatch(pool, months, batchSize);
    total.erased += run.erased;
    total.checked += run.checked;
    total.mails += run.mails;
    if (run.checked < batchSize) break;
  }
  return total;
}
