import { Router } from '@koa/router';
import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import type { SharedLimits } from '../http/shared-limits';
import type { AnswerCache } from '../http/answer-cache';
import { countCache } from '../domain/count-cache';
import { getDiscovery } from './discovery';
import { createRequest } from './requests-create';
import { getRequest, getRequests } from './requests-read';
import { getServiceDefinition, getServices } from './services';
import { getToken } from './tokens';
import { getServiceRequestUpdates } from './updates';
import { getRequestsGeoJson } from './requests-geojson';
import { getSimilarRequests } from './similar';
import { getMyRequests } from './my-requests';
import { residentVerifier } from '../residents/verify-resident';

type Handler = (ctx: Context, deps: AppDeps) => Promise<void>;

const both = (name: string) => [`${name}.json`, `${name}.xml`];

/** The public GeoReport v2 surface under /open311/v2 (docs/open311-dialect.md §2). */
export function open311Router(deps: AppDeps, shared: SharedLimits, answers: AnswerCache): Router {
  const router = new Router({ prefix: '/open311/v2' });
  const use = (handler: Handler) => (ctx: Context) => handler(ctx, deps);
  const counts = countCache(deps.config.countCacheSeconds);
  const residents = residentVerifier(deps.config.residentJwt);
  const { postLimits: limiter, photos } = shared;
  router.get(both('/discovery'), use(getDiscovery));
  router.get(both('/services'), use(getServices));
  router.get('/services/:file', use(getServiceDefinition));
  // open311_python asks for service/{code} (singular): keep it working.
  router.get('/service/:file', use(getServiceDefinition));
  router.post(both('/requests'), (ctx) => createRequest(ctx, deps, limiter, photos, residents));
  router.get(both('/requests'), (ctx) => getRequests(ctx, deps, counts, answers));
  router.get('/requests.geojson', (ctx) => getRequestsGeoJson(ctx, deps, counts, answers));
  router.get(both('/similar'), use(getSimilarRequests));
  router.get(both('/my/requests'), (ctx) => getMyRequests(ctx, deps, residents));
  router.get('/requests/:file', use(getRequest));
  router.get('/tokens/:file', use(getToken));
  router.get(both('/servicerequestupdates'), use(getServiceRequestUpdates));
  return router;
}
