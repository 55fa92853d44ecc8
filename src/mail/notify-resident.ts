import type { PoolClient } from 'pg';
import type { Locale } from '../domain/catalogue';
import { EVENT_KINDS } from '../domain/event-kinds';
import { noticeDate, STATUS_LABELS } from '../domain/status-labels';
import { findEventNotice, type EventNotice } from '../repositories/event-notice';
import { enqueueRequestMail } from './enqueue';

const EARLIER: Record<Locale, string> = { fi: 'aiempi palaute', sv: 'en tidigare respons', en: 'an earlier report' };

/**
 * A handler's new or changed estimate of completion (docs/publication.md §3), as a date in the
 * resident's language. Clearing it sends nothing: there is no date to give, and the public
 * `expected_datetime` simply goes away. Setting the same value again is no change.
 */
async function notifyEstimate(client: PoolClient, baseUrl: string, requestId: string, event: EventNotice) {
  const { from, to } = event.data;
  if (typeof to !== 'string' || to === from) return;
  await enqueueRequestMail(client, baseUrl, requestId, 'estimate', {
    expected: noticeDate(event.locale, new Date(to)),
    changed: typeof from === 'string',
  });
}

/**
 * Tells the submitter about a handler's action, in the same transaction as the action: an answer
 * (public or private, docs/publication.md §1), a status change, a redirect, a duplicate closure
 * or a new estimate each queue one message (only when an e-mail address was given). Internal
 * notes, assignments and moderation send nothing.
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
        answer: answer ?? event.private_answer,
        privateAnswer: event.private_answer !== null,
      });
      return;
    case EVENT_KINDS.answered:
      await enqueueRequestMail(client, baseUrl, requestId, 'answer', { answer, privateAnswer: !event.public });
      return;
    case EVENT_KINDS.expectedSet:
      await notifyEstimate(client, baseUrl, requestId, event);
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
