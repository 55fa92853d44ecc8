import { Router } from '@koa/router';
import type { AppDeps } from '../../deps';
import type { LimitStore } from '../../http/limit-store';
import { askForLink, leave, showLink, showMy, useLink } from './handlers';
import { signInLimits } from './sign-in-limits';

/** "My feedback" by e-mail link (docs/residents.md, "My feedback by e-mail link"). */
export function myRouter(deps: AppDeps, store: LimitStore): Router {
  const limits = signInLimits(store, deps.config.signInLinksPerAddress, deps.config.signInLinksPerEmail);
  const router = new Router();
  router.get('/my', (ctx) => showMy(ctx, deps));
  router.post('/my/sign-in', (ctx) => askForLink(ctx, deps, limits));
  router.get('/my/sign-in/:token', (ctx) => showLink(ctx, deps));
  router.post('/my/sign-in/:token', (ctx) => useLink(ctx, deps));
  router.post('/my/sign-out', (ctx) => leave(ctx, deps));
  return router;
}
