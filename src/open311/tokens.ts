import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import { notFound } from '../domain/errors';
import { withoutSuffix } from '../http/format';
import { render } from '../http/render';
import { queryParams } from '../http/validate-params';
import { findByToken } from '../repositories/own-requests-repository';
import { namedCity, queryFields } from './scope';

/** GET tokens/{token} (docs/open311-dialect.md §12): batch services' token → service_request_id. */
export async function getToken(ctx: Context, deps: AppDeps): Promise<void> {
  // Like a request id, a token is unique across the deployment: without jurisdiction_id every city is searched.
  const { named } = await namedCity(ctx, deps);
  queryParams('getToken', queryFields(ctx));
  const token = withoutSuffix(ctx.params.file);
  const publicId = await findByToken(deps.db.pool, named?.id ?? null, token);
  if (publicId === null) throw notFound(`token "${token}" was not found`);
  render(ctx, 'service_requests', [{ service_request_id: publicId, token }]);
}
