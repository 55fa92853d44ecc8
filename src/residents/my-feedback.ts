import type { Pool } from 'pg';
import type { Locale } from '../domain/catalogue';
import type { DetailedStatus } from '../domain/detailed-status';
import { STATUS_LABELS } from '../domain/status-labels';
import { listEmailRequestEvents, listRequestsByEmail } from '../repositories/email-requests-repository';

/** At most this many requests on the page, newest first; the page says how many more there are. */
export const MY_FEEDBACK_LIMIT = 200;

export type MyAnswer = { at: Date; status: string; note: string | null };

/** One of the resident's requests as the "My feedback" page shows it, in the page's language. */
export type MyFeedbackItem = {
  id: string;
  category: string;
  receivedAt: Date;
  title: string | null;
  description: string | null;
  address: string | null;
  status: string;
  detailedStatus: DetailedStatus;
  closed: boolean;
  published: boolean;
  /** The public history: each step with its public answer, if any. */
  history: MyAnswer[];
};

export type MyFeedback = { items: MyFeedbackItem[]; total: number };

const pick = (names: Partial<Record<Locale, string>>, locale: Locale): string =>
  names[locale] ?? names.fi ?? names.sv ?? names.en ?? '';

/**
 * The requests sent with the signed-in address (docs/residents.md, "My feedback by e-mail
 * link"): published or not, with the resident's own text, the status and the public answers.
 */
export async function listMyFeedback(pool: Pool, email: string, locale: Locale): Promise<MyFeedback> {
  const { rows, total } = await listRequestsByEmail(pool, email, MY_FEEDBACK_LIMIT);
  const history = new Map<string, MyAnswer[]>();
  for (const event of await listEmailRequestEvents(
    pool,
    rows.map((row) => row.id),
  )) {
    const steps = history.get(event.request_id) ?? [];
    steps.push({ at: event.created_at, status: STATUS_LABELS[event.detailed_status][locale], note: event.note });
    history.set(event.request_id, steps);
  }
  const items = rows.map((row): MyFeedbackItem => ({
    id: row.public_id,
    category: pick(row.service_names, locale),
    receivedAt: row.requested_at,
    title: row.title,
    description: row.description,
    address: row.address,
    status: STATUS_LABELS[row.detailed_status][locale],
    detailedStatus: row.detailed_status,
    closed: row.status === 'closed',
    published: row.published,
    history: history.get(row.id) ?? [],
  }));
  return { items, total };
}
