import type { Pool, PoolClient } from 'pg';
import type { Locale, Localized } from '../domain/catalogue';
import { w3c } from './public-scope';
import { mailFromSql } from './sql/mail-from';

type Queryable = Pool | PoolClient;

/** One message to queue (docs/domain-model.md §12); `requestId` is the request's row id. */
export type OutboxMessage = {
  messageId: string;
  requestId: string;
  kind: string;
  locale: Locale;
  recipient: string;
  subject: string;
  body: string;
};

/**
 * Queues a message, inside the caller's transaction when `db` is one. It is sent from the
 * request's city's sender (docs/domain-model.md §12), read here by the request's row id.
 */
export async function insertOutboxMessage(db: Queryable, message: OutboxMessage): Promise<void> {
  await db.query(
    `INSERT INTO outbox (message_id, request_id, kind, locale, recipient, subject, body, mail_from)
     SELECT $1::text, $2::bigint, $3::text, $4::text, $5::text, $6::text, $7::text,
            (SELECT ${mailFromSql('j')} FROM service_request r JOIN jurisdiction j ON j.id = r.jurisdiction_id
              WHERE r.id = $2)`,
    [
      message.messageId,
      message.requestId,
      message.kind,
      message.locale,
      message.recipient,
      message.subject,
      message.body,
    ],
  );
}

export type RequestRecipient = { public_id: string; locale: Locale; email: string | null; city_names: Localized };

/** Who a request's mail goes to: its public id, language, the submitter's address (if any) and the city's names. */
export async function findRequestRecipient(db: Queryable, requestId: string): Promise<RequestRecipient | null> {
  const found = await db.query<RequestRecipient>(
    `SELECT r.public_id, r.locale, c.email, j.names AS city_names
       FROM service_request r JOIN request_contact c ON c.request_id = r.id
       JOIN jurisdiction j ON j.id = r.jurisdiction_id
      WHERE r.id = $1`,
    [requestId],
  );
  return found.rows[0] ?? null;
}

export type ClaimedMessage = {
  id: string;
  message_id: string;
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
  request_public_id: string | null;
  /** The city's `From:`; null sends from MAIL_FROM. */
  mail_from: string | null;
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
  RETURNING o.id, o.message_id, o.recipient, o.subject, o.body, o.attempts, o.mail_from,
            (SELECT public_id FROM service_request WHERE id = o.request_id) AS request_public_id`;

export async function claimDueMessages(pool: Pool, limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
  return (await pool.query<ClaimedMessage>(CLAIM, [limit, leaseMs])).rows;
}

export async function markMessageSent(pool: Pool, id: string): Promise<void> {
  await pool.query(`UPDATE outbox SET sent_at = now(), last_error = NULL WHERE id = $1`, [id]);
}

/** Exponential backoff from the attempt count; the last attempt's failure gives up for good. */
const FAILED = `
  UPDATE outbox SET last_error = $2,
         next_attempt_at = now() + least($3 * power(2, attempts - 1), 3600000) * interval '1 millisecond',
         failed_at = CASE WHEN attempts >= $4 THEN now() END
   WHERE id = $1`;

export async function markMessageFailed(
  pool: Pool,
  id: string,
  error: string,
  retryBaseMs: number,
  maxAttempts: number,
): Promise<void> {
  await pool.query(FAILED, [id, error, retryBaseMs, maxAttempts]);
}

export type OutboxState = 'pending' | 'sent' | 'failed';

const STATE_SQL: Record<OutboxState, string> = {
  pending: 'o.sent_at IS NULL AND o.failed_at IS NULL',
  sent: 'o.sent_at IS NOT NULL',
  failed: 'o.failed_at IS NOT NULL',
};

const LIST = (where: string) => `
  SELECT o.id::text AS id, o.message_id, r.public_id AS service_request_id, o.kind, o.locale, o.recipient,
         o.subject, o.body, o.attempts, o.last_error,
         CASE WHEN o.sent_at IS NOT NULL THEN 'sent' WHEN o.failed_at IS NOT NULL THEN 'failed' ELSE 'pending' END
           AS state,
         ${w3c('o.created_at')} AS created_datetime, ${w3c('o.next_attempt_at')} AS next_attempt_datetime,
         ${w3c('o.sent_at')} AS sent_datetime, ${w3c('o.failed_at')} AS failed_datetime
    FROM outbox o LEFT JOIN service_request r ON r.id = o.request_id
   WHERE ${where}
   ORDER BY o.id DESC LIMIT $1 OFFSET $2`;

/**
 * The outbox for admins, newest first, optionally by delivery state and request public id.
 * `jurisdictionId` keeps the messages about that city's requests (not those about none, such
 * as sign-in links: they belong to no city).
 */
export async function listOutbox(
  pool: Pool,
  filter: { state?: OutboxState; requestId?: string; jurisdictionId?: string | null; page: number; pageSize: number },
): Promise<Record<string, unknown>[]> {
  const parts = ['true'];
  const values: unknown[] = [filter.pageSize, (filter.page - 1) * filter.pageSize];
  if (filter.state !== undefined) parts.push(STATE_SQL[filter.state]);
  if (filter.jurisdictionId != null) {
    values.push(filter.jurisdictionId);
    parts.push(`r.jurisdiction_id = $${values.length}`);
  }
  if (filter.requestId !== undefined) {
    values.push(filter.requestId);
    parts.push(`r.public_id = $${values.length}`);
  }
  return (await pool.query(LIST(parts.join(' AND ')), values)).rows;
}
