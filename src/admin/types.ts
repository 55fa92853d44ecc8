import type { AppDeps } from '../deps';
import type { AdminRoutes } from './rights';

/**
 * Each admin area adds its routes to the /admin/v1 router (already authenticated), each with
 * the right its caller's role needs (see rights.ts).
 */
export type RegisterRoutes = (routes: AdminRoutes, deps: AppDeps) => void;
