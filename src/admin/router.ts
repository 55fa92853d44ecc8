import { Router } from '@koa/router';
import type { AppDeps } from '../deps';
import { registerAccountRoutes } from './accounts/routes';
import { authenticate } from './authenticate';
import { registerCatalogueRoutes } from './catalogue/routes';
import { registerInboxRoutes } from './inbox/routes';
import { registerMeRoutes } from './me';
import { registerModerationRoutes } from './moderation/routes';
import { registerOutboxRoutes } from './outbox/routes';
import { registerStatisticsRoutes } from './statistics/routes';
import { registerWorkflowRoutes } from './workflow/routes';

/** The handlers' admin API under /admin/v1: JSON only, every route behind a handler token. */
export function adminRouter(deps: AppDeps): Router {
  const router = new Router({ prefix: '/admin/v1' });
  router.use(authenticate(deps.db.pool));
  for (const register of [
    registerMeRoutes,
    registerInboxRoutes,
    registerWorkflowRoutes,
    registerModerationRoutes,
    registerCatalogueRoutes,
    registerAccountRoutes,
    registerStatisticsRoutes,
    registerOutboxRoutes,
  ]) {
    register(router, deps);
  }
  return router;
}
