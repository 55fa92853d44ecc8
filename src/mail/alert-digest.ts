import type { Pool } from 'pg';
import { addWorkingDays, SLA_TIME_ZONE } from '../domain/working-days';
import { claimDigest, departmentsDueForDigest, digestRequests } from '../repositories/alert-digest-repository';
import { insertAlertMail } from '../repositories/alert-repository';
import { withTransaction } from '../repositories/transaction';
import { composeDigest } from './alert-templates';
import { adminLink, departmentRecipients } from './alerts';
import { newMessageId } from './enqueue';

const helsinkiDate = new Intl.DateTimeFormat('sv-SE', { timeZone: SLA_TIME_ZONE });
const helsinkiHour = new Intl.DateTimeFormat('en-US', { timeZone: SLA_TIME_ZONE, hour: 'numeric', hourCycle: 'h23' });

/** The Helsinki date of an instant, YYYY-MM-DD. */
export const dayOf = (instant: Date): string => helsinkiDate.format(instant);

/**
 * Whether the digest is due at `now`: a Finnish working day (docs/working-days.md) at or after
 * the digest hour, Helsinki time. A process that starts later in the day still sends it.
 */
export function digestDue(now: Date, hour: number): boolean {
  if (Number(helsinkiHour.format(now)) < hour) return false;
  return dayOf(addWorkingDays(now, 0)) === dayOf(now);
}

/**
 * Today's digest of each department that wants one and has not had it (docs/alerts.md): its
 * requests past their deadline or due by the end of the next working day, to its address and
 * opted-in handlers, each in their language. The day is recorded in the transaction that queues
 * the mails, also when there is nothing to list (no mail is sent then), so it goes once a day.
 */
export async function sendDueDigests(pool: Pool, baseUrl: string, now: Date, hour: number): Promise<number> {
  if (!digestDue(now, hour)) return 0;
  const today = dayOf(now);
  const horizon = addWorkingDays(now, 1);
  let sent = 0;
  for (const departmentId of await departmentsDueForDigest(pool, today)) {
    sent += await withTransaction(pool, async (client) => {
      const department = await claimDigest(client, departmentId, today);
      if (department === null) return 0;
      const rows = await digestRequests(client, department.id, horizon, now);
      if (rows.length === 0) return 0;
      const base = department.public_base_url ?? baseUrl;
      const requests = rows.map((row) => ({
        publicId: row.public_id,
        category: row.category,
        receivedAt: row.requested_at,
        deadlineAt: row.deadline_at,
        address: row.address,
        title: row.title,
        description: row.description,
        overdue: row.overdue,
        link: adminLink(base, row.public_id),
      }));
      const recipients = await departmentRecipients(client, department);
      const context = { department: department.names, city: department.city_names };
      for (const recipient of recipients) {
        await insertAlertMail(client, {
          ...composeDigest(recipient.locale, context, requests),
          messageId: newMessageId(base),
          requestId: null,
          jurisdictionId: department.jurisdiction_id,
          kind: 'alert_digest',
          locale: recipient.locale,
          recipient: recipient.email,
        });
      }
      return recipients.length;
    });
  }
  return sent;
}
