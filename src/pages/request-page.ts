import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import { pick, type Catalogue, type Jurisdiction } from '../domain/catalogue';
import { notFound } from '../domain/errors';
import { presentRequest } from '../open311/present-request';
import { cityOfRow, namedCity } from '../open311/scope';
import { findOwnRequest, type OwnRequestRow } from '../repositories/own-requests-repository';
import { publicHistory } from '../repositories/public-history-repository';
import { findPublicRequest, type InCity } from '../repositories/public-requests-repository';
import type { PublicRequestRow } from '../repositories/public-scope';
import { ownHistory, ownRequestLocale } from '../repositories/request-details-repository';
import { imageOrigins } from './image-origins';
import { languageLinks, layout } from './layout';
import { pageLocale } from './page-locale';
import { requestView, type PageHistory } from './request-view';
import { sendPage } from './send-page';

type Found<R> = { row: R; jurisdiction: Jurisdiction };

/** The row with its own city: ids are unique across the deployment, so any city may hold it. */
async function inItsCity<R>(deps: AppDeps, catalogue: Catalogue, row: InCity<R> | null): Promise<Found<R> | null> {
  if (row === null) return null;
  return { row, jurisdiction: (await cityOfRow(deps, catalogue, row.jurisdiction_id)).jurisdiction };
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

/**
 * The public page reads only through the gate; an unknown and a non-public id are the same 404.
 * Like every public read it may come from a replica; the own view below reads the primary.
 */
async function publicPage(deps: AppDeps, catalogue: Catalogue, city: string | null, id: string): Promise<Page> {
  const found = await inItsCity(deps, catalogue, await findPublicRequest(deps.db.readPool, city, id));
  if (found === null) throw notFound(`service_request_id "${id}" was not found`);
  const history = await publicHistory(deps.db.readPool, found.row);
  return { found, history, own: null, fallbackLocale: found.jurisdiction.defaultLocale };
}

/** The own view (docs/privacy-gate.md §9): id and token must match, else the same 404. */
async function ownPage(
  deps: AppDeps,
  catalogue: Catalogue,
  city: string | null,
  id: string,
  token: string,
): Promise<Page> {
  const pool = deps.db.pool;
  const found = await inItsCity(deps, catalogue, await findOwnRequest(pool, city, id, token));
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
  const { catalogue, named } = await namedCity(ctx, deps);
  const id = ctx.params.id;
  const only = named?.id ?? null;
  const token = trackingTokenOf(ctx);
  const page =
    token === null ? await publicPage(deps, catalogue, only, id) : await ownPage(deps, catalogue, only, id, token);
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
    // Photos are served only through the privacy gate (docs/privacy-gate.md): while the request
    // is not public its photos would not load, so the own view lists none.
    photoIds: page.own?.isPublic === false ? [] : row.photo_ids,
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
