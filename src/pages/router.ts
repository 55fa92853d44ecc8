import { Router } from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { AppDeps } from '../deps';
import type { SharedLimits } from '../http/shared-limits';
import { postDetails } from './details-route';
import { homePage } from './home-page';
import { PAGES_CSS, PAGES_CSS_ETAG } from './pages-css';
import { requestPage } from './request-page';
import { myRouter } from './my/router';

function stylesheet(ctx: Context): void {
  ctx.type = 'text/css; charset=utf-8';
  ctx.set('Cache-Control', 'public, max-age=86400');
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.etag = PAGES_CSS_ETAG;
  ctx.status = 200;
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.body = PAGES_CSS;
}

/**
 * The pages for people (docs/pages.md): the demo or about page at `/`, a request's page at
 * `/requests/{id}` (public, or the submitter's own with the tracking token), adding details to
 * it, and the stylesheet. Their failures become HTML error pages (page-errors.ts, mounted in
 * src/app.ts); a wrong method is a 405 page. The photo queue and the POST limits are the
 * app's one set, shared with POST requests (docs/api.md: abuse limits).
 */
export function pagesRouter(deps: AppDeps, shared: SharedLimits): Middleware {
  const router = new Router();
  const { postLimits: limiter, photos } = shared;
  router.get('/', (ctx) => homePage(ctx, deps));
  router.get('/pages/pages.css', stylesheet);
  router.get('/requests/:id', (ctx) => requestPage(ctx, deps));
  router.post('/requests/:id/details', (ctx) => postDetails(ctx, deps, limiter, photos));
  router.use(myRouter(deps, shared.store).routes());
  // One middleware for app.ts; the router's own context type is wider than Koa's plain one.
  const routes = router.routes() as unknown as Middleware;
  const methods = router.allowedMethods({ throw: true }) as unknown as Middleware;
  return (ctx, next) => routes(ctx, () => methods(ctx, next));
}
