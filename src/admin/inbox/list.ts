import type { Context } from 'koa';
import type { AppDeps } from '../../deps';
import { fieldsFromSearchParams } from '../../http/fields';
import { queryParams } from '../../http/validate-params';
import { listInbox } from '../../repositories/admin/inbox-list';
import { principalOf } from '../authenticate';
import { parseInboxQuery } from './parse-inbox-query';

/** GET /admin/v1/requests: the requests of the handler's departments, filtered and paged. */
export async function listRequests(ctx: Context, deps: AppDeps): Promise<void> {
  const fields = fieldsFromSearchParams(new URLSearchParams(ctx.querystring));
  const filter = parseInboxQuery(
    queryParams('adminListRequests', fields),
    principalOf(ctx),
    await deps.catalogue.get(),
  );
  const { rows, total, totalCapped } = await listInbox(deps.db.pool, filter);
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = { items: rows, page: filter.page, page_size: filter.pageSize, total, total_capped: totalCapped };
}
