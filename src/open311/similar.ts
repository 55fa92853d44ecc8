import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import { parseSimilarQuery } from '../domain/parse-similar-query';
import { render } from '../http/render';
import { findSimilarRequests, type SimilarRow } from '../repositories/similar-requests-repository';
import { presentRequest } from './present-request';
import { openScope, type Scope } from './scope';

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** A candidate duplicate: the public request's own fields plus how near and how alike it is. */
function presentSimilar(row: SimilarRow, scope: Scope, baseUrl: string) {
  const request = presentRequest(row, {
    catalogue: scope.catalogue,
    locale: scope.locale,
    fallback: scope.jurisdiction.defaultLocale,
    extensions: true,
    baseUrl,
  });
  const ext = request.extended_attributes;
  return {
    service_request_id: request.service_request_id,
    service_code: request.service_code,
    service_name: request.service_name,
    status: request.status,
    detailed_status: row.detailed_status,
    status_descriptive_name: ext?.status_descriptive_name ?? '',
    title: row.title,
    description: request.description,
    address: request.address,
    lat: request.lat,
    long: request.long,
    requested_datetime: request.requested_datetime,
    updated_datetime: request.updated_datetime,
    media_url: request.media_url,
    distance: round(row.distance, 1),
    similarity: row.similarity === null ? null : round(row.similarity, 3),
    score: round(row.score, 3),
  };
}

/**
 * GET similar: before a resident submits, open public requests of the same category near the
 * point, ranked by distance and (with `description`) trigram similarity — "already reported?".
 */
export async function getSimilarRequests(ctx: Context, deps: AppDeps): Promise<void> {
  const scope = await openScope(ctx, deps);
  const query = parseSimilarQuery(scope.fields, scope.catalogue, scope.jurisdiction);
  const rows = await findSimilarRequests(deps.db.pool, query);
  render(
    ctx,
    'similar_requests',
    rows.map((row) => presentSimilar(row, scope, deps.config.publicBaseUrl)),
  );
}
