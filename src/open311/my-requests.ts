import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import { pagingOf } from '../domain/params';
import { render } from '../http/render';
import { queryParams } from '../http/validate-params';
import { listResidentRequests } from '../repositories/own-requests-repository';
import { requireResident } from '../residents/resident-auth';
import type { ResidentVerifier } from '../residents/verify-resident';
import { setPageHeaders } from './paging';
import { presentOwn } from './requests-read';
import { openScope } from './scope';

/**
 * GET my/requests: the signed-in resident's own requests, including non-public ones, with
 * their answers and public history (extended_attributes are always on). Identity comes only
 * from the verified bearer JWT's subject, never from a query parameter.
 */
export async function getMyRequests(ctx: Context, deps: AppDeps, verify: ResidentVerifier | null): Promise<void> {
  const resident = await requireResident(ctx, verify);
  const scope = await openScope(ctx, deps);
  const paging = pagingOf(queryParams('getMyRequests', scope.fields));
  const { rows, total } = await listResidentRequests(
    deps.db.pool,
    resident,
    scope.jurisdiction.id,
    paging.page,
    paging.pageSize,
  );
  setPageHeaders(ctx, deps.config.publicBaseUrl, paging, total);
  ctx.set('Cache-Control', 'private, no-store');
  render(
    ctx,
    'service_requests',
    await presentOwn(deps, { ...scope, fields: new Map([['extensions', ['true']]]) }, rows),
  );
}
