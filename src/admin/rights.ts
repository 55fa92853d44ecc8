import type { Router, RouterMiddleware } from '@koa/router';
import type { Next } from 'koa';
import { forbidden } from '../domain/errors';
import { principalOf } from './authenticate';
import type { Role } from '../domain/principal';

/**
 * What a route asks of the caller's role, before anything else:
 * - `any`: every role; the handler still applies per-record rules (departments, own tokens);
 * - `work`: changes requests (admins, handlers);
 * - `admin`: catalogue, accounts, outbox (admins).
 */
export const RIGHTS = {
  any: ['admin', 'handler', 'viewer'],
  work: ['admin', 'handler'],
  admin: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Right = keyof typeof RIGHTS;

const REFUSAL: Record<Exclude<Right, 'any'>, (role: Role) => string> = {
  work: (role) => `role "${role}" may only read`,
  admin: (role) => `role "${role}" may not do this: admins only`,
};

/**
 * The route's right as middleware. It runs before the route's own code, so a role that may never do
 * the action gets the same 403 whatever ids the path or body name: nothing is looked up or
 * parsed first, and the answer cannot tell which ids exist.
 */
export function requireRight(right: Right): RouterMiddleware {
  const roles: readonly Role[] = RIGHTS[right];
  return async (ctx, next: Next) => {
    const { role } = principalOf(ctx);
    if (right !== 'any' && !roles.includes(role)) throw forbidden(REFUSAL[right](role));
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
