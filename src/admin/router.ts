import { Router } from '@koa/router';
import type { AppDeps } from '../deps';
import { registerAccountRoutes } from './accounts/routes';
import { authenticate } from './authenticate';
import { registerCatalogueRoutes } from './catalogue/routes';
import { registerInboxRoutes } from './inbox/routes';
import { registerJurisdictionRoutes } from './jurisdictions/routes';
import { registerMeRoutes } from './me';
import { registerModerationRoutes } from './moderation/routes';
import { registerOutboxRoutes } from './outbox/routes';
import { adminRoutes } from './rights';
import { registerStatisticsRoutes } from './statistics/routes';
import { registerWebhookRoutes } from './webhooks/routes';
import { registerWorkflowRoutes } from './workflow/routes';

/**
 * The handlers' admin API under /admin/v1: JSON only, every route behind a handler token and
 * declared with the right its caller's role needs, checked before the route's own work.
 */
export function adminRouter(deps: AppDeps): Router {
  const router = new Router({ prefix: '/admin/v1' });
  router.use(authenticate(deps.db.pool));
  const routes = adminRoutes(router);
  for (const register of [
    registerMeRoutes,
    registerInboxRoutes,
    registerWorkflowRoutes,
    registerModerationRoutes,
    registerCatalogueRoutes,
    registerAccountRoutes,
    registerStatisticsRoutes,
    registerOutboxRoutes,
    registerJurisdictionRoutes,
    registerWebhookRoutes,
  ]) {
    register(routes, deps);
  }
  return router;
}
