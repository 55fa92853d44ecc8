import { Router } from '@koa/router';
import type { AppDeps } from '../deps';
import { registerAccountRoutes } from './accounts/routes';
import { authenticate } from './authenticate';
import { handlerSignIn } from './handler-sign-in';
import { registerErasureRoutes } from './erasure/routes';
import { registerCatalogueRoutes } from './catalogue/routes';
import { registerInboxRoutes } from './inbox/routes';
import { registerIntakeRoutes } from './intake/routes';
import { registerJurisdictionRoutes } from './jurisdictions/routes';
import { registerMeRoutes } from './me';
import { registerModerationRoutes } from './moderation/routes';
import { registerOutboxRoutes } from './outbox/routes';
import { adminRoutes } from './rights';
import { registerStatisticsRoutes } from './statistics/routes';
import { registerWebhookRoutes } from './webhooks/routes';
import { registerWorkflowRoutes } from './workflow/routes';

/**
 * The handlers' admin API under /admin/v1: JSON only, every route behind a handler token or a
 * sign-in JWT (docs/handler-sign-in.md) and declared with the right its caller's role needs, checked before the route's own work.
 */
export function adminRouter(deps: AppDeps): Router {
  const router = new Router({ prefix: '/admin/v1' });
  router.use(authenticate(deps.db.pool, handlerSignIn(deps.db.pool, deps.config.handlerJwt)));
  const routes = adminRoutes(router);
  for (const register of [
    registerMeRoutes,
    registerInboxRoutes,
    registerIntakeRoutes,
    registerWorkflowRoutes,
    registerModerationRoutes,
    registerCatalogueRoutes,
    registerAccountRoutes,
    registerStatisticsRoutes,
    registerOutboxRoutes,
    registerJurisdictionRoutes,
    registerErasureRoutes,
    registerWebhookRoutes,
  ]) {
    register(routes, deps);
  }
  return router;
}
