import type { Pool, PoolClient } from 'pg';
import type { Locale, Localized } from '../domain/catalogue';
import { mailFromSql } from './sql/mail-from';

type Queryable = Pool | PoolClient;

/** A queued alert (docs/alerts.md), taken by one process inside its transaction. */
export type PendingAlert = { id: string; event_id: string; request_id: string; kind: string; attempts: number };

/**
 * Takes the oldest due alert and deletes it in the caller's transaction. The row stays locked
 * until that transaction ends (FOR UPDATE SKIP LOCKED), so a second process takes the next one:
 * the outbox rows written in the same transaction exist exactly when the alert is gone, and a
 * process that dies mid-way rolls both back. Alerts that failed `maxAttempts` times stay, for
 * the record, and are not taken again.
 */
export async function takeDueAlert(client: PoolClient, maxAttempts: number): Promise<PendingAlert | null> {
  const result = await client.query<PendingAlert>(
    `DELETE FROM alert_pending WHERE id = (
       SELECT id FROM alert_pending WHERE next_attempt_at <= now() AND attempts < $1
        ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING id::text, event_id::text, request_id::text, kind, attempts`,
    [maxAttempts],
  );
  return result.rows[0] ?? null;
}

/** A failed composition is retried later, with the same backoff as the outbox. */
export async function markAlertFailed(pool: Pool, id: string, error: string, retryBaseMs: number): Promise<void> {
  await pool.query(
    `UPDATE alert_pending SET attempts = attempts + 1, last_error = $2,
            next_attempt_at = now() + least($3 * power(2, attempts), 3600000) * interval '1 millisecond'
      WHERE id = $1`,
    [id, error, retryBaseMs],
  );
}

/** What an alert about one event needs: the request as handlers see it, its department and city. */
export type AlertSubject = {
  kind: string;
  author_id: number | null;
  to_handler_id: string | null;
  request_id: string;
  public_id: string;
  assignee_id: number | null;
  department_id: number | null;
  requested_at: Date;
  deadline_at: Date | null;
  address: string | null;
  title: string | null;
  description: string;
  category: Localized;
  department_names: Localized | null;
  alert_email: string | null;
  alert_handlers: boolean;
  jurisdiction_id: string;
  city_names: Localized;
  default_locale: Locale;
  public_base_url: string | null;
};

export async function findAlertSubject(db: Queryable, eventId: string): Promise<AlertSubject | null> {
  const result = await db.query<AlertSubject>(
    `SELECT e.kind, e.handler_id AS author_id, e.data->>'to_handler_id' AS to_handler_id, r.id::text AS request_id,
            r.public_id, r.assignee_id, r.department_id, r.requested_at, r.deadline_at, r.address,
            r.title_original AS title, r.description_original AS description, s.names AS category,
            d.names AS department_names, d.alert_email, coalesce(d.alert_handlers, false) AS alert_handlers,
            r.jurisdiction_id, j.names AS city_names, j.default_locale, j.public_base_url
       FROM request_event e JOIN service_request r ON r.id = e.request_id
       JOIN service s ON s.id = r.service_id JOIN jurisdiction j ON j.id = r.jurisdiction_id
       LEFT JOIN department d ON d.id = r.department_id
      WHERE e.id = $1`,
    [eventId],
  );
  return result.rows[0] ?? null;
}

export type AlertRecipient = { email: string; locale: Locale };

/**
 * Handlers who get alerts: active, not opted out, in their language (else their city's). With a
 * department, its members; with `handlerId`, that one handler.
 */
export async function alertHandlers(
  db: Queryable,
  by: { departmentId: number } | { handlerId: number },
): Promise<AlertRecipient[]> {
  const where = 'departmentId' in by ? 'hd.department_id = $1' : 'h.id = $1';
  const join = 'departmentId' in by ? 'JOIN handler_department hd ON hd.handler_id = h.id' : '';
  const result = await db.query<AlertRecipient>(
    `SELECT DISTINCT h.email, coalesce(h.language, j.default_locale, 'fi') AS locale
       FROM handler h ${join} LEFT JOIN jurisdiction j ON j.id = h.jurisdiction_id
      WHERE ${where} AND h.active AND h.alerts_enabled
      ORDER BY h.email`,
    ['departmentId' in by ? by.departmentId : by.handlerId],
  );
  return result.rows;
}

/** One alert mail to queue; `requestId` null for a digest (about many requests). */
export type AlertMail = {
  messageId: string;
  requestId: string | null;
  jurisdictionId: string;
  kind: string;
  locale: Locale;
  recipient: string;
  subject: string;
  body: string;
};

/** Queues an alert in the outbox, sent from its city's sender like every mail of that city. */
export async function insertAlertMail(client: PoolClient, mail: AlertMail): Promise<void> {
  await client.query(
    `INSERT INTO outbox (message_id, request_id, kind, locale, recipient, subject, body, mail_from)
     SELECT $1::text, $2::bigint, $3::text, $4::text, $5::text, $6::text, $7::text,
            (SELECT ${mailFromSql('j')} FROM jurisdiction j WHERE j.id = $8)`,
    [
      mail.messageId,
      mail.requestId,
      mail.kind,
      mail.locale,
      mail.recipient,
      mail.subject,
      mail.body,
      mail.jurisdictionId,
    ],
  );
}
