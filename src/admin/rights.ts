import type { Router, RouterMiddleware } from '@koa/router';
import type { Next } from 'koa';
import { forbidden } from '../domain/errors';
import { principalOf } from './authenticate';
import { isInstanceAdmin, type Principal, type Role } from '../domain/principal';

/**
 * What a route asks of the caller's role, before anything else:
 * - `any`: every role; the handler still applies per-record rules (city, departments, own tokens);
 * - `work`: changes requests (admins, handlers);
 * - `admin`: catalogue, accounts, outbox (admins: an instance admin, or a city admin within their city);
 * - `instance`: the cities themselves (instance admins only: an admin without a city).
 */
export const RIGHTS = {
  any: ['admin', 'handler', 'viewer'],
  work: ['admin', 'handler'],
  admin: ['admin'],
  instance: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Right = keyof typeof RIGHTS;

const REFUSAL: Record<Exclude<Right, 'any'>, (principal: Principal) => string> = {
  work: ({ role }) => `role "${role}" may only read`,
  admin: ({ role }) => `role "${role}" may not do this: admins only`,
  instance: (principal) =>
    principal.role === 'admin'
      ? `an admin of ${principal.jurisdictionId} may not do this: instance admins only`
      : `role "${principal.role}" may not do this: instance admins only`,
};

/** Whether the principal passes the route's right (the per-record rules come later). */
export function hasRight(principal: Principal, right: Right): boolean {
  const roles: readonly Role[] = RIGHTS[right];
  if (!roles.includes(principal.role)) return false;
  return right !== 'instance' || isInstanceAdmin(principal);
}

/**
 * The route's right as middleware. It runs before the route's own code, so a role that may never do
 * the action gets the same 403 whatever ids the path or body name: nothing is looked up or
 * parsed first, and the answer cannot tell which ids exist.
 */
export function requireRight(right: Right): RouterMiddleware {
  return async (ctx, next: Next) => {
    const principal = principalOf(ctx);
    if (right !== 'any' && !hasRight(principal, right)) throw forbidden(REFUSAL[right](principal));
    await next();
  };
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Declare = (path: string, right: Right, route: RouterMiddleware) => void;

/** The only way admin areas add routes: each one names its right where it is declared. */
export type AdminRoutes = Record<Method, Declare>;

/** Wraps the /admin/v1 router so that every route is declared with its right. */
export function adminRoutes(router: Router): AdminRoutes {
  const declare =
    (method: Method): Declare =>
    (path, right, route) => {
      router[method](path, requireRight(right), route);
    };
  return {
    get: declare('get'),
    post: declare('post'),
    put: declare('put'),
    patch: declare('patch'),
    delete: declare('delete'),
  };
}
