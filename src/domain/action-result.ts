import type { PoolClient } from 'pg';
import { readRequestState } from '../repositories/admin/request-state';

export type ActionResult = {
  service_request_id: string;
  status: 'open' | 'closed';
  detailed_status: string;
  visibility: 'pending' | 'public' | 'hidden';
  event_id: string;
};

/** The AdminActionResult body: the request's state after an action, read in the same transaction. */
export async function actionResult(client: PoolClient, requestId: string, eventId: string): Promise<ActionResult> {
  return { ...(await readRequestState(client, requestId)), event_id: eventId };
}
