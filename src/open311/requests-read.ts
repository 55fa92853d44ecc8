import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import { parseRequestQuery, wantsExtensions } from '../domain/parse-request-query';
import { notFound } from '../http/errors';
import { withoutSuffix } from '../http/format';
import { first } from '../http/fields';
import { render } from '../http/render';
import { findOwnRequest } from '../repositories/own-scope';
import type { CountCache } from '../repositories/count-cache';
import { findPublicRequest, listPublicRequests, publicEvents } from '../repositories/public-requests-repository';
import type { PublicRequestRow } from '../repositories/public-scope';
import { presentRequest } from './present-request';
import { setPageHeaders } from './paging';
import { openScope, type Scope } from './scope';

/** Gated rows → public requests, with their public history when `extensions=true`. */
export async function present(deps: AppDeps, scope: Scope, rows: PublicRequestRow[]) {
  const extensions = wantsExtensions(scope.fields);
  const logs = extensions
    ? await publicEvents(
        deps.db.pool,
        rows.map((r) => r.id),
      )
    : new Map();
  const options = {
    catalogue: scope.catalogue,
    locale: scope.locale,
    fallback: scope.jurisdiction.defaultLocale,
    extensions,
    baseUrl: deps.config.publicBaseUrl,
  };
  return rows.map((row) => presentRequest(row, options, logs.get(row.id)));
}

/** GET requests (open311.md §1.10 + CitySDK/6Aika filters): public requests only, paged. */
export async function getRequests(ctx: Context, deps: AppDeps, counts: CountCache): Promise<void> {
  const scope = await openScope(ctx, deps);
  const filter = parseRequestQuery(scope.fields, scope.catalogue, scope.jurisdiction);
  const { rows, total } = await listPublicRequests(deps.db.pool, filter, counts);
  setPageHeaders(ctx, deps.config.publicBaseUrl, filter, total);
  render(ctx, 'service_requests', await present(deps, scope, rows));
}

/**
 * GET requests/{id} (open311.md §1.11): a one-element list; 404 when unknown or not public.
 * With the submitter's `tracking_token` (query or X-Tracking-Token) their own request shows
 * even when it is not public.
 */
export async function getRequest(ctx: Context, deps: AppDeps): Promise<void> {
  const scope = await openScope(ctx, deps);
  const id = withoutSuffix(ctx.params.file);
  const token = first(scope.fields, 'tracking_token') ?? (ctx.get('x-tracking-token') || undefined);
  const row =
    token === undefined
      ? await findPublicRequest(deps.db.pool, scope.jurisdiction.id, id)
      : await findOwnRequest(deps.db.pool, scope.jurisdiction.id, id, token);
  if (!row) throw notFound(`service_request_id "${id}" was not found`);
  render(ctx, 'service_requests', await present(deps, scope, [row]));
}
