import { forbidden } from './errors';

export const ROLES = ['admin', 'handler', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in handler, however they proved it (a bearer token today, OpenID Connect later). */
export type Principal = Readonly<{
  id: number;
  email: string;
  name: string;
  role: Role;
  departmentIds: readonly number[];
}>;

/**
 * The permission rules on records (what a role may do on a route at all is declared with the
 * route, see rights.ts):
 * - `admin` reads and works every request and manages catalogue, clients and handlers;
 * - `handler` reads and works requests of their own departments;
 * - `viewer` only reads requests of their own departments.
 * A request without a responsible department is visible to admins only.
 */
export function canRead(principal: Principal, departmentId: number | null): boolean {
  if (principal.role === 'admin') return true;
  return departmentId !== null && principal.departmentIds.includes(departmentId);
}

export function canWork(principal: Principal, departmentId: number | null): boolean {
  return principal.role !== 'viewer' && canRead(principal, departmentId);
}

export function requireAdmin(principal: Principal): void {
  if (principal.role !== 'admin') throw forbidden(`role "${principal.role}" may not do this: admins only`);
}

/** Departments whose requests the principal may read; null means all of them. */
export function readableDepartments(principal: Principal): readonly number[] | null {
  return principal.role === 'admin' ? null : principal.departmentIds;
}
