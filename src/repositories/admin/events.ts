import type { PoolClient } from 'pg';
import type { DetailedStatus } from '../../domain/detailed-status';

/** One audit-log entry. `public` entries (with a detailed status) form the public history. */
export type NewEvent = {
  requestId: string;
  kind: string;
  handlerId: number | null;
  public: boolean;
  status?: 'open' | 'closed' | null;
  detailedStatus?: DetailedStatus | null;
  note?: string | null;
  data?: Record<string, unknown>;
};

/** Writes an event inside the caller's transaction; `actor` says which kind of party acted. */
export async function recordEvent(client: PoolClient, event: NewEvent): Promise<string> {
  const result = await client.query<{ id: string }>(
    `INSERT INTO request_event (request_id, kind, public, status, detailed_status, note, actor, handler_id, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      event.requestId,
      event.kind,
      event.public,
      event.status ?? null,
      event.detailedStatus ?? null,
      event.note ?? null,
      event.handlerId === null ? 'system' : 'handler',
      event.handlerId,
      JSON.stringify(event.data ?? {}),
    ],
  );
  return result.rows[0].id;
}
