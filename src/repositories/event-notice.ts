import type { PoolClient } from 'pg';
import type { Locale } from '../domain/catalogue';
import type { DetailedStatus } from '../domain/detailed-status';

/** An event with what its message to the submitter needs: the request's language and department names. */
export type EventNotice = {
  kind: string;
  detailed_status: DetailedStatus | null;
  note: string | null;
  /** Whether the event is in the public history; a private answer is not (docs/publication.md §1). */
  public: boolean;
  /** The private answer given with this status change, if any (its own internal event). */
  private_answer: string | null;
  data: Record<string, unknown>;
  locale: Locale;
  department_names: Partial<Record<Locale, string>> | null;
};

/** The event `eventId` of request `requestId`, read in the caller's transaction; null if none. */
export async function findEventNotice(
  client: PoolClient,
  requestId: string,
  eventId: string,
): Promise<EventNotice | null> {
  const found = await client.query<EventNotice>(
    `SELECT e.kind, e.detailed_status, e.note, e.public, e.data, r.locale, d.names AS department_names,
            (SELECT p.note FROM request_event p
              WHERE p.request_id = e.request_id AND NOT p.public AND p.data ->> 'status_event' = e.id::text
              ORDER BY p.id LIMIT 1) AS private_answer
       FROM request_event e JOIN service_request r ON r.id = e.request_id
       LEFT JOIN department d ON d.id = r.department_id
      WHERE e.id = $1 AND e.request_id = $2`,
    [eventId, requestId],
  );
  return found.rows[0] ?? null;
}
