import Koa from 'koa';
import type { AppDeps } from './deps';
import { answerCache } from './http/answer-cache';
import { byteBody } from './http/byte-body';
import { corsPolicy } from './http/cors-policy';
import { docsRouter } from './http/docs';
import { errorMiddleware } from './http/error-middleware';
import { formatFromSuffix, routeNotFound } from './http/format';
import { healthRouter } from './http/health';
import { mediaRouter } from './http/media-router';
import { limitStore } from './http/limit-store';
import { appMetrics } from './http/metrics/app-metrics';
import { metricsRouter } from './http/metrics/metrics-router';
import { getLimiter } from './http/rate-limit';
import { requestLog } from './http/request-log';
import { sharedLimits } from './http/shared-limits';
import { urlTextRule } from './http/url-text';
import { widgetRouter } from './http/widget-router';
import { open311Router } from './open311/router';
import { adminRouter } from './admin/router';
import { feedsRouter } from './feeds/router';
import { pageErrors } from './pages/page-errors';
import { pagesRouter } from './pages/router';
import { publicChangeAnnouncer } from './db/public-changes';
import { writesForgetAnswers } from './http/writes-forget-answers';

/** The composition root's HTTP half: middleware order and routers. Never listens. */
export function buildApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: deps.config.trustProxy });
  // One registry per app (docs/metrics.md); none at all with METRICS=off.
  const metrics = deps.config.metrics === 'on' ? appMetrics(deps.config) : null;
  const store = limitStore(deps);
  const shared = sharedLimits(deps.config, store, metrics?.countRefusal);
  metrics?.watch({ pool: deps.db.pool, readPool: deps.db.readPool, photos: shared.photos, logger: deps.logger });
  const answers = deps.answers ?? answerCache(deps.config.publicCacheSeconds);
  // Other instances listen with DATABASE_URL only; the embedded database serves one process.
  const announce =
    deps.config.databaseUrl === null ? () => undefined : publicChangeAnnouncer(deps.db.pool, deps.logger);
  const open311 = open311Router(deps, shared, answers);
  const admin = adminRouter(deps);
  app.use(requestLog(deps.logger, metrics?.observeRequest));
  app.use(byteBody);
  app.use(writesForgetAnswers(answers, announce));
  app.use(errorMiddleware);
  app.use(pageErrors(deps.config.defaultLocale));
  app.use(corsPolicy(deps.db.pool, deps.config.catalogueCacheSeconds));
  app.use(async (ctx, next) => (ctx.path.startsWith('/open311/') ? formatFromSuffix(ctx, next) : next()));
  app.use(getLimiter(store, deps.config.rateLimitGetsPerAddress, metrics?.countRefusal));
  app.use(urlTextRule());
  app.use(async (ctx, next) => {
    await next();
    if (ctx.status === 404 && ctx.body == null) throw routeNotFound(ctx.path);
  });
  app.use(open311.routes());
  app.use(open311.allowedMethods({ throw: true }));
  app.use(admin.routes());
  app.use(admin.allowedMethods({ throw: true }));
  app.use(feedsRouter(deps).routes());
  app.use(healthRouter(deps.db.pool, deps.db.readPool).routes());
  if (metrics) app.use(metricsRouter(metrics, deps.config.metricsToken).routes());
  app.use(docsRouter().routes());
  app.use(mediaRouter(deps).routes());
  app.use(pagesRouter(deps, shared));
  app.use(widgetRouter(deps).routes());
  return app;
}
