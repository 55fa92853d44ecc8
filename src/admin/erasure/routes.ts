import type { Context } from 'koa';
import type { AppDeps } from '../../deps';
import { eraseRequest } from '../../domain/erase-request';
import { loadRequestRef } from '../../domain/request-access';
import { principalOf } from '../authenticate';
import { readJson } from '../json-body';
import type { RegisterRoutes } from '../types';

/**
 * POST /admin/v1/requests/{id}/erase (docs/retention.md): the request is looked up first (404 for
 * an unknown id or another city's), then the body, then the erasure in one transaction.
 */
async function erase(ctx: Context, deps: AppDeps): Promise<void> {
  const principal = principalOf(ctx);
  const publicId = String(ctx.params.service_request_id);
  await loadRequestRef(deps.db.pool, publicId, principal, 'work');
  const { reason } = await readJson<{ reason: string }>(ctx, 'AdminErasure', deps.config.bodyLimitBytes);
  const result = await eraseRequest(deps.db.pool, deps.media, { publicId, principal, reason: reason.trim() });
  if (!result.already_erased) {
    ctx.state.log?.info({ handler_id: principal.id, service_request_id: publicId }, 'request personal data erased');
  }
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = result;
}

/** Admin route: the right to erasure. Admins only (a city admin within their city). */
export const registerErasureRoutes: RegisterRoutes = (routes, deps) => {
  routes.post('/requests/:service_request_id/erase', 'admin', (ctx) => erase(ctx, deps));
};
