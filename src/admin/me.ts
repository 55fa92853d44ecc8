import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import { recordAccountEvent } from '../repositories/admin/account-events';
import { findHandler, updateHandler, type HandlerRow } from '../repositories/admin/account-handlers';
import { withTransaction } from '../repositories/transaction';
import type { RegisterRoutes } from './types';
import { principalOf } from './authenticate';
import { readJson } from './json-body';

/** PATCH /me body (AdminMePatch): one's own alert settings (docs/alerts.md). */
type MePatch = { alerts_enabled?: boolean; language?: 'fi' | 'sv' | 'en' | null };

const present = (ctx: Context, handler: HandlerRow | null) => {
  const p = principalOf(ctx);
  return {
    id: p.id,
    email: p.email,
    name: p.name,
    role: p.role,
    jurisdiction_id: p.jurisdictionId,
    department_ids: p.departmentIds,
    alerts_enabled: handler?.alerts_enabled ?? true,
    language: handler?.language ?? null,
  };
};

/** PATCH /me: every role changes their own alert settings, audited as a change to their account. */
async function updateMe(ctx: Context, deps: AppDeps): Promise<void> {
  const { id } = principalOf(ctx);
  const body = await readJson<MePatch>(ctx, 'AdminMePatch', deps.config.bodyLimitBytes);
  const handler = await withTransaction(deps.db.pool, async (client) => {
    const before = await findHandler(client, id, true);
    await updateHandler(client, id, body);
    const previous = { alerts_enabled: before?.alerts_enabled, language: before?.language };
    await recordAccountEvent(client, {
      handlerId: id,
      kind: 'handler_updated',
      targetHandlerId: id,
      data: { changes: body, previous },
    });
    return findHandler(client, id);
  });
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = present(ctx, handler);
}

/** GET /admin/v1/me: whom the token belongs to, with their alert settings; PATCH: change those. */
export const registerMeRoutes: RegisterRoutes = (routes, deps) => {
  routes.get('/me', 'any', async (ctx) => {
    ctx.body = present(ctx, await findHandler(deps.db.pool, principalOf(ctx).id));
  });
  routes.patch('/me', 'any', (ctx) => updateMe(ctx, deps));
};
