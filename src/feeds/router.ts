import { Router } from '@koa/router';
import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import { findService, pick } from '../domain/catalogue';
import { parseRequestQuery } from '../domain/parse-request-query';
import { queryParams } from '../http/validate-params';
import { present } from '../open311/requests-read';
import { openScope } from '../open311/scope';
import { newestPublicRequests } from '../repositories/public-requests-repository';
import { buildFeed, type FeedKind } from './build-feed';
import { FEED_TEXTS } from './feed-texts';

export const FEED_SIZE = 20;
const CONTENT_TYPE: Record<FeedKind, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
};

async function serveFeed(ctx: Context, deps: AppDeps, kind: FeedKind): Promise<void> {
  const scope = await openScope(ctx, deps);
  // The feed's parameters (unknown ones refused) are the document's: getRequestsRss / getRequestsAtom.
  const params = queryParams(kind === 'rss' ? 'getRequestsRss' : 'getRequestsAtom', scope.fields);
  // The same parsing (and errors) as GET requests, but the 20 newest without a date window.
  const filter = {
    ...parseRequestQuery(params, scope.catalogue, scope.jurisdiction),
    requestedFrom: null,
    requestedTo: null,
    page: 1,
    pageSize: FEED_SIZE,
  };
  const rows = await newestPublicRequests(deps.db.readPool, filter, FEED_SIZE);
  const requests = await present(deps, { ...scope, fields: new Map([['extensions', ['true']]]) }, rows);
  const town = pick(scope.jurisdiction.names, scope.locale, scope.jurisdiction.defaultLocale) ?? scope.jurisdiction.id;
  const codes = params.service_code as string[] | undefined;
  const service = codes?.length === 1 ? findService(scope.catalogue, scope.jurisdiction.id, codes[0]) : undefined;
  const serviceName = pick(service?.names, scope.locale, scope.jurisdiction.defaultLocale);
  const base = deps.config.publicBaseUrl;
  const title = `${town}: ${FEED_TEXTS[scope.locale].title}${serviceName ? ` – ${serviceName}` : ''}`;
  ctx.type = CONTENT_TYPE[kind];
  ctx.set('Cache-Control', 'public, max-age=60');
  ctx.body = await buildFeed(kind, {
    title,
    locale: scope.locale,
    selfUrl: `${base}${ctx.path}${ctx.querystring ? `?${ctx.querystring}` : ''}`,
    // People follow feed links in a browser: the home page and each request's page (docs/pages.md §3).
    siteUrl: `${base}/`,
    requestUrl: (id) => `${base}/requests/${encodeURIComponent(id)}`,
    requests,
  });
}

/**
 * RSS 2.0 and Atom feeds of the 20 newest public requests, for all categories or one
 * (`service_code`), optionally within a `bbox`, in the `locale` asked for; GeoRSS points.
 */
export function feedsRouter(deps: AppDeps): Router {
  const router = new Router({ prefix: '/feeds' });
  router.get('/requests.rss', (ctx) => serveFeed(ctx, deps, 'rss'));
  router.get('/requests.atom', (ctx) => serveFeed(ctx, deps, 'atom'));
  return router;
}
