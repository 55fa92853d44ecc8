import type { Context } from 'koa';
import type { Paging } from '../domain/params';

/**
 * 6Aika-style paging headers (docs/open311-dialect.md §13.5) keep the body a plain array while telling the
 * client how many there are and where the next page is: the list is never cut silently. The
 * page itself (`page`, `page_size`, their bounds and defaults per operation) comes from the
 * parameter layer, which reads them from the OpenAPI document (src/http/validate-params.ts).
 */
export function setPageHeaders(ctx: Context, baseUrl: string, filter: Paging, total: number): void {
  const pageCount = Math.max(1, Math.ceil(total / filter.pageSize));
  ctx.set('X-Result-Count', String(total));
  ctx.set('X-Page', String(filter.page));
  ctx.set('X-Page-Count', String(pageCount));
  ctx.set('X-Page-Size', String(filter.pageSize));
  const link = (page: number) => {
    const params = new URLSearchParams(ctx.querystring);
    params.set('page', String(page));
    return `${baseUrl}${ctx.path}?${params.toString()}`;
  };
  if (filter.page < pageCount) ctx.set('X-Next-Page-URL', link(filter.page + 1));
  if (filter.page > 1) ctx.set('X-Previous-Page-URL', link(Math.min(filter.page - 1, pageCount)));
}
