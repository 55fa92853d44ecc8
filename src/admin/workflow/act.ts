import type { Context } from 'koa';
import type { AppDeps } from '../../deps';
import { loadRequestRef } from '../../domain/request-access';
import { runAction, type Action } from '../../domain/workflow/action';
import { principalOf } from '../authenticate';
import { readJson } from '../json-body';

export type { Action } from '../../domain/workflow/action';

/**
 * Runs one workflow action the same way every time, after the route's right (rights.ts) let
 * the role through: 404/403 for the request before the body is read (so nobody learns from a
 * 400 about a request they may not work on), then the body against `schema`, then the domain
 * command (src/domain/workflow/action.ts): one transaction holding the request row, in which
 * `action` writes the change and its audit event(s).
 */
export async function act<B>(ctx: Context, deps: AppDeps, schema: string, action: Action<B>): Promise<void> {
  const principal = principalOf(ctx);
  const publicId = String(ctx.params.service_request_id);
  await loadRequestRef(deps.db.pool, publicId, principal, 'work');
  const body = await readJson<B>(ctx, schema, deps.config.bodyLimitBytes);
  ctx.body = await runAction(deps.db.pool, deps.config.publicBaseUrl, { publicId, principal, body }, action);
}
