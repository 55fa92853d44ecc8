import type { PoolClient } from 'pg';
import type { Locale } from '../domain/catalogue';
import { EVENT_KINDS } from '../domain/event-kinds';
import { STATUS_LABELS } from '../domain/status-labels';
import { findEventNotice } from '../repositories/event-notice';
import { enqueueRequestMail } from './enqueue';

const EARLIER: Record<Locale, string> = { fi: 'aiempi palaute', sv: 'en tidigare respons', en: 'an earlier report' };

/**
 * Tells the submitter about a handler's action, in the same transaction as the action: a public
 * answer, a status change, a redirect or a duplicate closure each queue one message (only when
 * an e-mail address was given). Internal notes, assignments and moderation send nothing.
 */
export async function notifyResident(client: PoolClient, baseUrl: string, requestId: string, eventId: string) {
  const event = await findEventNotice(client, requestId, eventId);
  if (event === null) return;
  const locale = event.locale;
  const answer = event.note;
  switch (event.kind) {
    case EVENT_KINDS.statusChanged:
      if (event.detailed_status === null) return;
      await enqueueRequestMail(client, baseUrl, requestId, 'status_changed', {
        status: STATUS_LABELS[event.detailed_status][locale],
        answer,
      });
      return;
    case EVENT_KINDS.answered:
      await enqueueRequestMail(client, baseUrl, requestId, 'answer', { answer });
      return;
    case EVENT_KINDS.redirectedExternal:
      await enqueueRequestMail(client, baseUrl, requestId, 'redirected', {
        target: String(event.data.authority_name ?? ''),
        answer,
      });
      return;
    case EVENT_KINDS.redirectedInternal: {
      const names = event.department_names ?? {};
      // The internal note stays internal: the resident only learns which department took over.
      await enqueueRequestMail(client, baseUrl, requestId, 'redirected', {
        target: names[locale] ?? names.fi ?? '',
        answer: null,
      });
      return;
    }
    case EVENT_KINDS.duplicate: {
      const original = String(event.data.original ?? '');
      // Name the original only where the public answer does (i.e. when the original is public).
      const target = original !== '' && answer?.includes(original) ? original : EARLIER[locale];
      await enqueueRequestMail(client, baseUrl, requestId, 'duplicate', { target, answer });
      return;
    }
    default:
  }
}
