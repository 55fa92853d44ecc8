import type { Context } from 'koa';
import type { AppDeps } from '../../deps';
import { adminRequestView } from '../../domain/admin-request-view';
import { fieldsFromSearchParams } from '../../http/fields';
import { queryParams } from '../../http/validate-params';
import { principalOf } from '../authenticate';
import { loadRequestRef } from '../../domain/request-access';
import { inboxLocale } from './parse-inbox-query';

/** GET /admin/v1/requests/{service_request_id}: everything the public does not see, too. */
export async function getRequestDetail(ctx: Context, deps: AppDeps): Promise<void> {
  const fields = fieldsFromSearchParams(new URLSearchParams(ctx.querystring));
  const locale = inboxLocale(queryParams('adminGetRequest', fields));
  const ref = await loadRequestRef(deps.db.pool, ctx.params.service_request_id, principalOf(ctx), 'read');
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = await adminRequestView(deps.db.pool, deps.config.publicBaseUrl, ref, locale);
}
