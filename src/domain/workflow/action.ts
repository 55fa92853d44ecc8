import type { Pool, PoolClient } from 'pg';
import { notifyResident } from '../../mail/notify-resident';
import { withTransaction } from '../../repositories/transaction';
import { actionResult, type ActionResult } from '../action-result';
import type { Principal } from '../principal';
import { loadRequestRef, type RequestRef } from '../request-access';

/**
 * One workflow command (status, answer, note, assignment, redirect, duplicate, estimate,
 * publication, photo flag): applies its rule to the locked request, writes the change and its
 * audit event(s), and returns the event id for the AdminActionResult.
 */
export type Action<B> = (client: PoolClient, ref: RequestRef, body: B, principal: Principal) => Promise<string>;

/**
 * Runs a workflow command in one transaction holding the request row: the principal's rights
 * on the request again (404/403), the command, the resident's e-mail about it, and the
 * request's state afterwards; all of it committed together or not at all.
 */
export async function runAction<B>(
  pool: Pool,
  baseUrl: string,
  request: { publicId: string; principal: Principal; body: B },
  action: Action<B>,
): Promise<ActionResult> {
  return withTransaction(pool, async (client) => {
    const ref = await loadRequestRef(client, request.publicId, request.principal, 'work', true);
    const eventId = await action(client, ref, request.body, request.principal);
    await notifyResident(client, baseUrl, ref.id, eventId);
    return actionResult(client, ref.id, eventId);
  });
}
