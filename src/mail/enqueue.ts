import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { Locale, Localized } from '../domain/catalogue';
import { findRequestRecipient, insertOutboxMessage, type OutboxMessage } from '../repositories/outbox-repository';
import { composeMail, type MailKind, type MailVars } from './templates';

/** A stable RFC 5322 Message-ID, fixed when the message is queued: retries resend the same id. */
export const newMessageId = (baseUrl: string): string => `<${randomUUID()}@${new URL(baseUrl).hostname}>`;

/**
 * Queues a message to the request's submitter inside the caller's transaction, so it exists
 * exactly when the change it reports does. No e-mail address given: nothing is queued. The
 * message is signed with the request's city and sent from its sender (insertOutboxMessage).
 */
export async function enqueueRequestMail(
  client: PoolClient,
  baseUrl: string,
  requestId: string,
  kind: MailKind,
  vars: Omit<MailVars, 'id'>,
): Promise<string | null> {
  const row = await findRequestRecipient(client, requestId);
  if (row === null || row.email === null || row.email === '') return null;
  const { subject, body } = composeMail(kind, row.locale, { ...vars, id: row.public_id, city: row.city_names });
  const messageId = newMessageId(baseUrl);
  await insertOutboxMessage(client, {
    messageId,
    requestId,
    kind,
    locale: row.locale,
    recipient: row.email,
    subject,
    body,
  });
  return messageId;
}

/** A new request as its acknowledgement needs it: its number is reserved, so the id is known. */
export type Acknowledged = {
  publicId: string;
  locale: Locale;
  email: string;
  trackingToken: string | null;
  notice: string | null;
  /** The city's names, to sign the message with. */
  cityNames?: Localized;
};

/**
 * The acknowledgement of a new request (the submitter gave an address), composed before the
 * request is stored and written by the same statement that stores it
 * (src/repositories/request-write-repository.ts): the link carries the tracking token when there
 * is one and opens the request's page (docs/pages.md §3).
 */
export function composeAcknowledgement(baseUrl: string, request: Acknowledged): Omit<OutboxMessage, 'requestId'> {
  const base = `${baseUrl}/requests/${encodeURIComponent(request.publicId)}`;
  const link =
    request.trackingToken === null ? base : `${base}?tracking_token=${encodeURIComponent(request.trackingToken)}`;
  const { subject, body } = composeMail('acknowledgement', request.locale, {
    id: request.publicId,
    link,
    notice: request.notice,
    city: request.cityNames,
  });
  return {
    messageId: newMessageId(baseUrl),
    kind: 'acknowledgement',
    locale: request.locale,
    recipient: request.email,
    subject,
    body,
  };
}
