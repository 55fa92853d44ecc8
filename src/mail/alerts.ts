import type { PoolClient } from 'pg';
import { EVENT_KINDS } from '../domain/event-kinds';
import {
  alertHandlers,
  findAlertSubject,
  insertAlertMail,
  type AlertRecipient,
  type AlertSubject,
  type PendingAlert,
} from '../repositories/alert-repository';
import { composeAlert, type AlertKind } from './alert-templates';
import { newMessageId } from './enqueue';

/** Where a request opens for handlers: the admin API under the city's public address (docs/alerts.md). */
export const adminLink = (base: string, publicId: string): string =>
  `${base}/admin/v1/requests/${encodeURIComponent(publicId)}`;

/** Each address once (compared case-insensitively), the first language named for it winning. */
export function uniqueRecipients(recipients: AlertRecipient[]): AlertRecipient[] {
  const seen = new Set<string>();
  return recipients.filter((recipient) => {
    const key = recipient.email.trim().toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Who a new (or moved-in) request alerts: the department's address in the city's language, and
 * its opted-in handlers when the department asks for that.
 */
export async function departmentRecipients(
  client: PoolClient,
  department: {
    id: number;
    alert_email: string | null;
    alert_handlers: boolean;
    default_locale: AlertRecipient['locale'];
  },
): Promise<AlertRecipient[]> {
  const address = department.alert_email ? [{ email: department.alert_email, locale: department.default_locale }] : [];
  const handlers = department.alert_handlers ? await alertHandlers(client, { departmentId: department.id }) : [];
  return uniqueRecipients([...address, ...handlers]);
}

async function recipientsOf(client: PoolClient, subject: AlertSubject): Promise<[AlertKind, AlertRecipient[]]> {
  if (subject.kind === EVENT_KINDS.assigned) {
    const to = Number(subject.to_handler_id);
    // Only while it is still theirs: an assignment undone before the alert was composed sends nothing.
    if (subject.assignee_id !== to) return ['alert_assigned', []];
    return ['alert_assigned', await alertHandlers(client, { handlerId: to })];
  }
  const kind = subject.kind === EVENT_KINDS.redirectedInternal ? 'alert_moved' : 'alert_new';
  if (subject.department_id === null) return [kind, []];
  return [kind, await departmentRecipients(client, { ...subject, id: subject.department_id })];
}

/**
 * Turns one queued alert into outbox mails, one per recipient in their language, in the caller's
 * transaction (the one that took the alert). Returns how many were queued.
 */
export async function composePendingAlert(client: PoolClient, baseUrl: string, alert: PendingAlert): Promise<number> {
  const subject = await findAlertSubject(client, alert.event_id);
  if (subject === null) return 0;
  const [kind, recipients] = await recipientsOf(client, subject);
  const base = subject.public_base_url ?? baseUrl;
  const request = {
    publicId: subject.public_id,
    category: subject.category,
    receivedAt: subject.requested_at,
    deadlineAt: subject.deadline_at,
    address: subject.address,
    title: subject.title,
    description: subject.description,
    link: adminLink(base, subject.public_id),
  };
  const context = { department: subject.department_names ?? {}, city: subject.city_names };
  for (const recipient of recipients) {
    const mail = composeAlert(kind, recipient.locale, context, request);
    await insertAlertMail(client, {
      ...mail,
      messageId: newMessageId(base),
      requestId: subject.request_id,
      jurisdictionId: subject.jurisdiction_id,
      kind,
      locale: recipient.locale,
      recipient: recipient.email,
    });
  }
  return recipients.length;
}
