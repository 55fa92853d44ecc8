import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { Locale } from '../domain/catalogue';
import { composeMail, type MailKind, type MailVars } from './templates';

/** A stable RFC 5322 Message-ID, fixed when the message is queued: retries resend the same id. */
export const newMessageId = (baseUrl: string): string => `<${randomUUID()}@${new URL(baseUrl).hostname}>`;

/**
 * Queues a message to the request's submitter inside the caller's transaction, so it exists
 * exactly when the change it reports does. No e-mail address given: nothing is queued.
 */
export async function enqueueRequestMail(
  client: PoolClient,
  baseUrl: string,
  requestId: string,
  kind: MailKind,
  vars: Omit<MailVars, 'id'>,
): Promise<string | null> {
  const found = await client.query<{ public_id: string; locale: Locale; email: string | null }>(
    `SELECT r.public_id, r.locale, c.email
       FROM service_request r JOIN request_contact c ON c.request_id = r.id WHERE r.id = $1`,
    [requestId],
  );
  const row = found.rows[0];
  if (row === undefined || row.email === null || row.email === '') return null;
  const { subject, body } = composeMail(kind, row.locale, { ...vars, id: row.public_id });
  const messageId = newMessageId(baseUrl);
  await client.query(
    `INSERT INTO outbox (message_id, request_id, kind, locale, recipient, subject, body)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [messageId, requestId, kind, row.locale, row.email, subject, body],
  );
  return messageId;
}

/** Placeholder for the public id in an acknowledgement composed before the id exists (SQL replaces it). */
export const ID_PLACEHOLDER = '{{service_request_id}}';

/** The acknowledgement, composed before insert; the insert statement fills in the id. */
export function composeAcknowledgement(
  baseUrl: string,
  locale: Locale,
  trackingToken: string | null,
  notice: string | null,
): { messageId: string; subject: string; body: string } {
  const link =
    trackingToken === null
      ? `${baseUrl}/open311/v2/requests/${ID_PLACEHOLDER}.json`
      : `${baseUrl}/open311/v2/requests/${ID_PLACEHOLDER}.json?tracking_token=${encodeURIComponent(trackingToken)}`;
  return {
    messageId: newMessageId(baseUrl),
    ...composeMail('acknowledgement', locale, { id: ID_PLACEHOLDER, link, notice }),
  };
}
