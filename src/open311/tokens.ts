import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import { notFound } from '../http/errors';
import { withoutSuffix } from '../http/format';
import { render } from '../http/render';
import { findByToken } from '../repositories/token-repository';
import { openScope } from './scope';

/** GET tokens/{token} (open311.md §1.9): batch services' token → service_request_id. */
export async function getToken(ctx: Context, deps: AppDeps): Promise<void> {
  const { jurisdiction } = await openScope(ctx, deps);
  const token = withoutSuffix(ctx.params.file);
  const publicId = await findByToken(deps.db.pool, jurisdiction.id, token);
  if (publicId === null) throw notFound(`token "${token}" was not found`);
  render(ctx, 'service_requests', [{ service_request_id: publicId, token }]);
}
