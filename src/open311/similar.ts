import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import { parseSimilarQuery, type SimilarQuery } from '../domain/parse-similar-query';
import { ApiError } from '../domain/errors';
import { render } from '../http/render';
import { queryParams } from '../http/validate-params';
import { findSimilarRequests, type SimilarRow } from '../repositories/similar-requests-repository';
import { StatementTimeoutError } from '../repositories/statement-timeout';
import { presentRequest } from './present-request';
import { openScope, type Scope } from './scope';

/** Seconds a client is asked to wait after a similar query ran out of time. */
const RETRY_AFTER_SECONDS = 5;

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

async function similarRows(deps: AppDeps, query: SimilarQuery): Promise<SimilarRow[]> {
  try {
    return await findSimilarRequests(deps.db.readPool, query, deps.config.similarTimeoutMs);
  } catch (error) {
    if (!(error instanceof StatementTimeoutError)) throw error;
    // A busy database, not a bad request: the client may try again shortly.
    throw new ApiError(503, [`similar requests could not be searched in time: try again in ${RETRY_AFTER_SECONDS} s`], {
      'Retry-After': String(RETRY_AFTER_SECONDS),
    });
  }
}

/**
 * GET similar: before a resident submits, open public requests of the same category near the
 * point, ranked by distance and (with `description`) trigram similarity — "already reported?".
 */
export async function getSimilarRequests(ctx: Context, deps: AppDeps): Promise<void> {
  const scope = await openScope(ctx, deps);
  const query = parseSimilarQuery(queryParams('getSimilarRequests', scope.fields), scope.catalogue, scope.jurisdiction);
  const rows = await similarRows(deps, query);
  render(
    ctx,
    'similar_requests',
    rows.map((row) => presentSimilar(row, scope, deps.config.publicBaseUrl)),
  );
}
