import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import { parseRequestQuery, wantsExtensions } from '../domain/parse-request-query';
import type { CountCache } from '../domain/count-cache';
import type { AnswerCache } from '../http/answer-cache';
import { listPublicRequests } from '../repositories/public-requests-repository';
import { stripDisallowedJson } from '../http/text-rules';
import { queryParams } from '../http/validate-params';
import type { PublicRequest } from './present-request';
import { setPageHeaders } from './paging';
import { answerKey, present } from './requests-read';
import { openScope } from './scope';

type Feature = {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  properties: Omit<PublicRequest, 'lat' | 'long'>;
};

/** One public request as an RFC 7946 Feature: [long, lat] in WGS84; no location → null geometry. */
function toFeature(request: PublicRequest): Feature {
  const { lat, long, ...properties } = request;
  return {
    type: 'Feature',
    id: request.service_request_id,
    geometry: lat === null || long === null ? null : { type: 'Point', coordinates: [long, lat] },
    properties,
  };
}

/**
 * GET requests.geojson: exactly the requests (and paging) `requests.json` returns for the same
 * query, as a GeoJSON FeatureCollection for Leaflet or MapLibre. Properties are the public
 * presenter's fields, so the privacy gate is the same one.
 */
export async function getRequestsGeoJson(
  ctx: Context,
  deps: AppDeps,
  counts: CountCache,
  answers: AnswerCache,
): Promise<void> {
  const scope = await openScope(ctx, deps);
  await answers.serve(ctx, answerKey(ctx, scope), scope.catalogue, async () => {
    const params = queryParams('getRequestsGeoJson', scope.fields);
    const filter = parseRequestQuery(params, scope.catalogue, scope.jurisdiction);
    const { rows, total } = await listPublicRequests(deps.db.readPool, filter, counts, {
      distance: wantsExtensions(scope.fields),
    });
    setPageHeaders(ctx, deps.config.publicBaseUrl, filter, total);
    const requests = await present(deps, scope, rows);
    ctx.type = 'application/geo+json; charset=utf-8';
    // The same text as the JSON and XML renderers carry (docs/api.md, "Text that comes in").
    ctx.body = stripDisallowedJson(JSON.stringify({ type: 'FeatureCollection', features: requests.map(toFeature) }));
  });
}
