import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import { parseRequestQuery, wantsExtensions } from '../domain/parse-request-query';
import { notFound } from '../domain/errors';
import type { Catalogue } from '../domain/catalogue';
import { firstOf } from '../domain/fields';
import { resolveLocale } from '../domain/locale';
import { localeOf } from '../domain/municipality';
import { withoutSuffix } from '../http/format';
import { render } from '../http/render';
import { queryParams } from '../http/validate-params';
import type { Pool } from 'pg';
import { findOwnRequest, ownEvents, type OwnRequestRow } from '../repositories/own-requests-repository';
import type { CountCache } from '../domain/count-cache';
import type { AnswerCache } from '../http/answer-cache';
import { findPublicRequest, listPublicRequests, publicEvents } from '../repositories/public-requests-repository';
import type { PublicRequestRow } from '../repositories/public-scope';
import type { HistoryEntry, RequestFields } from '../repositories/request-row';
import { presentRequest } from './present-request';
import { setPageHeaders } from './paging';
import { cityOfRow, namedCity, openScope, queryFields, type Scope } from './scope';

type History<R> = (pool: Pool, rows: R[]) => Promise<Map<string, HistoryEntry[]>>;

async function presentWith<R extends RequestFields>(
  pool: Pool,
  deps: AppDeps,
  scope: Scope,
  rows: R[],
  history: History<R>,
) {
  const extensions = wantsExtensions(scope.fields);
  const logs = extensions ? await history(pool, rows) : new Map<string, HistoryEntry[]>();
  const options = {
    catalogue: scope.catalogue,
    locale: scope.locale,
    fallback: scope.jurisdiction.defaultLocale,
    extensions,
    baseUrl: deps.config.publicBaseUrl,
  };
  return rows.map((row) => presentRequest(row, options, logs.get(row.id)));
}

/** Public rows → public requests, with their public history (read where public reads go) when `extensions=true`. */
export const present = (deps: AppDeps, scope: Scope, rows: PublicRequestRow[]) =>
  presentWith(deps.db.readPool, deps, scope, rows, publicEvents);

/** The submitter's own rows (docs/privacy-gate.md §9) → requests, with their own history from the primary. */
export const presentOwn = (deps: AppDeps, scope: Scope, rows: OwnRequestRow[]) =>
  presentWith(deps.db.pool, deps, scope, rows, ownEvents);

/**
 * What makes two public list answers the same: the city, the language and the exact path and query
 * (the paging links repeat the query). The catalogue is checked apart (src/http/answer-cache.ts).
 */
export const answerKey = (ctx: Context, scope: Scope): string =>
  `${scope.jurisdiction.id}\n${scope.locale}\n${ctx.path}?${ctx.querystring}`;

/** GET requests (docs/open311-dialect.md §13): public requests only, paged; kept a moment for the next asker. */
export async function getRequests(
  ctx: Context,
  deps: AppDeps,
  counts: CountCache,
  answers: AnswerCache,
): Promise<void> {
  const scope = await openScope(ctx, deps);
  await answers.serve(ctx, answerKey(ctx, scope), scope.catalogue, async () => {
    const filter = parseRequestQuery(queryParams('getRequests', scope.fields), scope.catalogue, scope.jurisdiction);
    const { rows, total } = await listPublicRequests(deps.db.readPool, filter, counts, {
      distance: wantsExtensions(scope.fields),
    });
    setPageHeaders(ctx, deps.config.publicBaseUrl, filter, total);
    render(ctx, 'service_requests', await present(deps, scope, rows));
  });
}

/** The scope of one request once found: its own city and, by default, that city's language. */
async function scopeOf(ctx: Context, deps: AppDeps, catalogue: Catalogue, jurisdictionId: string): Promise<Scope> {
  const fields = queryFields(ctx);
  const found = await cityOfRow(deps, catalogue, jurisdictionId);
  const locale = localeOf(found.jurisdiction, fields, ctx.get('accept-language'));
  return { ...found, locale, fields };
}

/**
 * GET requests/{id} (docs/open311-dialect.md §15.1): a one-element list; 404 when unknown or not public.
 * With the submitter's `tracking_token` (query or X-Tracking-Token) their own request shows
 * even when it is not public. The public read may come from a replica; the submitter's, who may
 * have just posted, always comes from the primary (docs/scale-out.md, "Read replicas").
 */
export async function getRequest(ctx: Context, deps: AppDeps): Promise<void> {
  const { catalogue, named } = await namedCity(ctx, deps);
  const fields = queryFields(ctx);
  const params = queryParams('getRequest', fields);
  // A malformed locale is a 400 before the lookup, as on every other read.
  resolveLocale(firstOf(fields, 'locale', 'langcode'), ctx.get('accept-language'), 'fi');
  const id = withoutSuffix(ctx.params.file);
  const token = (params.tracking_token as string | undefined) ?? (ctx.get('x-tracking-token') || undefined);
  const city = named?.id ?? null;
  if (token === undefined) {
    const row = await findPublicRequest(deps.db.readPool, city, id);
    if (!row) throw notFound(`service_request_id "${id}" was not found`);
    render(
      ctx,
      'service_requests',
      await present(deps, await scopeOf(ctx, deps, catalogue, row.jurisdiction_id), [row]),
    );
  } else {
    const row = await findOwnRequest(deps.db.pool, city, id, token);
    if (!row) throw notFound(`service_request_id "${id}" was not found`);
    const scope = await scopeOf(ctx, deps, catalogue, row.jurisdiction_id);
    render(ctx, 'service_requests', await presentOwn(deps, scope, [row]));
  }
}
