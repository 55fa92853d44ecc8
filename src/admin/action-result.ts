import type { PoolClient } from 'pg';

export type ActionResult = {
  service_request_id: string;
  status: 'open' | 'closed';
  detailed_status: string;
  visibility: 'pending' | 'public' | 'hidden';
  event_id: string;
};

/** The AdminActionResult body: the request's state after an action, read in the same transaction. */
export async function actionResult(client: PoolClient, requestId: string, eventId: string): Promise<ActionResult> {
  const result = await client.query<Omit<ActionResult, 'event_id'>>(
    `SELECT public_id AS service_request_id, status, detailed_status, visibility FROM service_request WHERE id = $1`,
    [requestId],
  );
  return { ...result.rows[0], event_id: eventId };
}
