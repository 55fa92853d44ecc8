import type { Router } from '@koa/router';
import type { AppDeps } from '../deps';

/** Each admin area adds its routes to the /admin/v1 router (already authenticated). */
export type RegisterRoutes = (router: Router, deps: AppDeps) => void;
