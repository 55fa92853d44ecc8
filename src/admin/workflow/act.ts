import type { Context } from 'koa';
import type { PoolClient } from 'pg';
import type { AppDeps } from '../../deps';
import { withTransaction } from '../../repositories/transaction';
import { notifyResident } from '../../mail/notify-resident';
import { actionResult } from '../action-result';
import { principalOf } from '../authenticate';
import { readJson } from '../json-body';
import type { Principal } from '../principal';
import { loadRequestRef, type RequestRef } from '../request-access';

export type Action<B> = (client: PoolClient, ref: RequestRef, body: B, principal: Principal) => Promise<string>;

/**
 * Runs one workflow action the same way every time: 404/403 before the body is read (so a
 * viewer learns nothing from a 400), then the body against `schema`, then one transaction
 * holding the request row, in which `action` writes the change and its audit event(s) and
 * returns the event id for the AdminActionResult.
 */
export async function act<B>(ctx: Context, deps: AppDeps, schema: string, action: Action<B>): Promise<void> {
  const principal = principalOf(ctx);
  const publicId = String(ctx.params.service_request_id);
  await loadRequestRef(deps.db.pool, publicId, principal, 'work');
  const body = await readJson<B>(ctx, schema, deps.config.bodyLimitBytes);
  ctx.body = await withTransaction(deps.db.pool, async (client) => {
    const ref = await loadRequestRef(client, publicId, principal, 'work', true);
    const eventId = await action(client, ref, body, principal);
    await notifyResident(client, deps.config.publicBaseUrl, ref.id, eventId);
    return actionResult(client, ref.id, eventId);
  });
}
