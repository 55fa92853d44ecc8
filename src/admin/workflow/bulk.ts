import type { Context } from 'koa';
import type { AppDeps } from '../../deps';
import { runBulk, type BulkBody } from '../../domain/workflow/bulk';
import { principalOf } from '../authenticate';
import { readJson } from '../json-body';

/**
 * POST /admin/v1/requests/bulk (docs/staff-intake.md, "Bulk actions"): after the route's right
 * (a viewer is refused before the body is read), the body against AdminBulkAction (a bad one
 * does nothing), then each request one by one through the single-request command.
 */
export async function bulkAction(ctx: Context, deps: AppDeps): Promise<void> {
  const body = await readJson<BulkBody>(ctx, 'AdminBulkAction', deps.config.bodyLimitBytes);
  ctx.body = await runBulk(deps.db.pool, deps.config.publicBaseUrl, principalOf(ctx), body, (publicId, error) =>
    deps.logger.error({ err: error, service_request_id: publicId, action: body.action }, 'bulk action failed'),
  );
  ctx.set('Cache-Control', 'private, no-store');
}
