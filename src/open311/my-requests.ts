import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import { integer } from '../domain/parse-request-query';
import { first } from '../http/fields';
import { render } from '../http/render';
import { listResidentRequests } from '../repositories/resident-requests-repository';
import { requireResident } from '../residents/resident-auth';
import type { ResidentVerifier } from '../residents/verify-resident';
import { setPageHeaders } from './paging';
import { present } from './requests-read';
import { openScope } from './scope';

/**
 * GET my/requests: the signed-in resident's own requests, including non-public ones, with
 * their answers and public history (extended_attributes are always on). Identity comes only
 * from the verified bearer JWT's subject, never from a query parameter.
 */
export async function getMyRequests(ctx: Context, deps: AppDeps, verify: ResidentVerifier | null): Promise<void> {
  const resident = await requireResident(ctx, verify);
  const scope = await openScope(ctx, deps);
  const pageSize = integer('page_size', first(scope.fields, 'page_size'), 1, 1000, 100);
  const page = integer('page', first(scope.fields, 'page'), 1, 1000000, 1);
  const { rows, total } = await listResidentRequests(deps.db.pool, resident, scope.jurisdiction.id, page, pageSize);
  setPageHeaders(ctx, deps.config.publicBaseUrl, { page, pageSize } as Parameters<typeof setPageHeaders>[2], total);
  ctx.set('Cache-Control', 'private, no-store');
  render(ctx, 'service_requests', await present(deps, { ...scope, fields: new Map([['extensions', ['true']]]) }, rows));
}
