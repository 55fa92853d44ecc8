import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import { pick, type Catalogue, type Jurisdiction } from '../domain/catalogue';
import { notFound } from '../domain/errors';
import { resolveJurisdiction } from '../domain/jurisdiction';
import { presentRequest } from '../open311/present-request';
import { findOwnRequest, type OwnRequestRow } from '../repositories/own-requests-repository';
import { publicHistory } from '../repositories/public-history-repository';
import { findPublicRequest } from '../repositories/public-requests-repository';
import type { PublicRequestRow } from '../repositories/public-scope';
import { ownHistory, ownRequestLocale } from '../repositories/request-details-repository';
import { imageOrigins } from './image-origins';
import { languageLinks, layout } from './layout';
import { pageLocale } from './page-locale';
import { requestView, type PageHistory } from './request-view';
import { sendPage } from './send-page';

type Found<R> = { row: R; jurisdiction: Jurisdiction };

/** Which municipalities to look in: the one named, else every one served (public ids are unique). */
function municipalities(ctx: Context, catalogue: Catalogue): Jurisdiction[] {
  const named = ctx.query.jurisdiction_id;
  if (typeof named === 'string') return [resolveJurisdiction(catalogue, named)];
  return [...catalogue.jurisdictions.values()];
}

async function findIn<R>(places: Jurisdiction[], find: (id: string) => Promise<R | null>): Promise<Found<R> | null> {
  for (const jurisdiction of places) {
    const row = await find(jurisdiction.id);
    if (row !== null) return { row, jurisdiction };
  }
  return null;
}

/** The submitter's token, as the JSON read takes it: `?tracking_token=` or `X-Tracking-Token`. */
export function trackingTokenOf(ctx: Context): string | null {
  const query = ctx.query.tracking_token;
  const token = typeof query === 'string' ? query : ctx.get('x-tracking-token');
  return token === '' ? null : token;
}

type Page = {
  found: Found<PublicRequestRow | OwnRequestRow>;
  history: PageHistory[];
  own: { token: string; isPublic: boolean } | null;
  fallbackLocale: Jurisdiction['defaultLocale'];
};

/** The public page reads only through the gate; an unknown and a non-public id are the same 404. */
async function publicPage(deps: AppDeps, places: Jurisdiction[], id: string): Promise<Page> {
  const found = await findIn(places, (j) => findPublicRequest(deps.db.pool, j, id));
  if (found === null) throw notFound(`service_request_id "${id}" was not found`);
  const history = await publicHistory(deps.db.pool, found.row);
  return { found, history, own: null, fallbackLocale: found.jurisdiction.defaultLocale };
}

/** The own view (docs/privacy-gate.md §9): id and token must match, else the same 404. */
async function ownPage(deps: AppDeps, places: Jurisdiction[], id: string, token: string): Promise<Page> {
  const pool = deps.db.pool;
  const found = await findIn(places, (j) => findOwnRequest(pool, j, id, token));
  if (found === null) throw notFound(`service_request_id "${id}" was not found`);
  const [history, isPublic, locale] = await Promise.all([
    ownHistory(pool, found.row),
    findPublicRequest(pool, found.jurisdiction.id, id).then((row) => row !== null),
    ownRequestLocale(pool, found.row),
  ]);
  return { found, history, own: { token, isPublic }, fallbackLocale: locale };
}

/**
 * GET /requests/{id} (docs/pages.md §3): the request's page for people. Without a token it is
 * the public request through the same gate and presenter as the JSON; with the submitter's
 * tracking token it is their own view, never cached and never sent on as a Referer.
 */
export async function requestPage(ctx: Context, deps: AppDeps): Promise<void> {
  const catalogue = await deps.catalogue.get();
  const id = ctx.params.id;
  const places = municipalities(ctx, catalogue);
  const token = trackingTokenOf(ctx);
  const page = token === null ? await publicPage(deps, places, id) : await ownPage(deps, places, id, token);
  const { row, jurisdiction } = page.found;
  const lang = pageLocale(ctx, page.fallbackLocale);
  const city = pick(jurisdiction.names, lang, jurisdiction.defaultLocale);
  ctx.state.pageLocale = lang;
  ctx.state.pageCity = city;
  const presented = presentRequest(row, {
    catalogue,
    locale: lang,
    fallback: jurisdiction.defaultLocale,
    extensions: true,
    baseUrl: deps.config.publicBaseUrl,
  });
  const own = page.own && {
    ...page.own,
    added: ctx.query.added === '1',
    closed: row.status === 'closed',
    maxLength: deps.config.descriptionMaxLength,
  };
  const body = requestView({
    lang,
    timeZone: jurisdiction.timezone,
    request: presented,
    history: page.history,
    photoIds: row.photo_ids,
    linkedPhotos: row.media_urls,
    own,
  });
  const title = `${presented.extended_attributes?.title || presented.service_name} (${presented.service_request_id})`;
  const hasMap = presented.lat !== null && presented.long !== null;
  const query = new URLSearchParams(ctx.querystring);
  query.delete('added');
  const languages = languageLinks(ctx.path, query);
  const document = layout({ lang, title, body, city, widget: hasMap, languages });
  sendPage(ctx, document, { imageOrigins: imageOrigins(deps.config), private: own !== null });
}
