import type { PoolClient } from 'pg';
import type { Locale } from '../domain/catalogue';
import type { DetailedStatus } from '../domain/detailed-status';

/** An event with what its message to the submitter needs: the request's language and department names. */
export type EventNotice = {
  kind: string;
  detailed_status: DetailedStatus | null;
  note: string | null;
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
    `SELECT e.kind, e.detailed_status, e.note, e.data, r.locale, d.names AS department_names
       FROM request_event e JOIN service_request r ON r.id = e.request_id
       LEFT JOIN department d ON d.id = r.department_id
      WHERE e.id = $1 AND e.request_id = $2`,
    [eventId, requestId],
  );
  return found.rows[0] ?? null;
}
