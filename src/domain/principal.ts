import { forbidden } from './errors';

export const ROLES = ['admin', 'handler', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in handler, however they proved it: a handler token or an OpenID Connect sign-in (docs/handler-sign-in.md). */
export type Principal = Readonly<{
  id: number;
  email: string;
  name: string;
  role: Role;
  departmentIds: readonly number[];
  /** The city (`jurisdiction.id`) they work for; null only for an instance admin. */
  jurisdictionId: string | null;
}>;

/**
 * The permission rules on records (what a role may do on a route at all is declared with the
 * route, see rights.ts), docs/admin-api.md "Roles":
 * - an instance admin (`admin` without a city) manages the cities and reaches every city;
 * - a city admin (`admin` of a city) reads and works every request of their city and manages
 *   its catalogue, clients and handlers;
 * - `handler` reads and works requests of their own departments (all in their city);
 * - `viewer` only reads requests of their own departments.
 * A request without a responsible department is visible to admins only. Nothing crosses
 * cities unless the principal is an instance admin.
 */
export function isInstanceAdmin(principal: Principal): boolean {
  return principal.role === 'admin' && principal.jurisdictionId === null;
}

/** Whether a record of this city is within the principal's reach at all. */
export function inCity(principal: Principal, jurisdictionId: string | null): boolean {
  if (isInstanceAdmin(principal)) return true;
  return principal.jurisdictionId !== null && principal.jurisdictionId === jurisdictionId;
}

export function canRead(principal: Principal, departmentId: number | null, jurisdictionId: string | null): boolean {
  if (!inCity(principal, jurisdictionId)) return false;
  if (principal.role === 'admin') return true;
  return departmentId !== null && principal.departmentIds.includes(departmentId);
}

export function canWork(principal: Principal, departmentId: number | null, jurisdictionId: string | null): boolean {
  return principal.role !== 'viewer' && canRead(principal, departmentId, jurisdictionId);
}

export function requireAdmin(principal: Principal): void {
  if (principal.role !== 'admin') throw forbidden(`role "${principal.role}" may not do this: admins only`);
}

export function requireInstanceAdmin(principal: Principal): void {
  requireAdmin(principal);
  if (!isInstanceAdmin(principal)) {
    throw forbidden(`an admin of ${principal.jurisdictionId} may not do this: instance admins only`);
  }
}

/**
 * The city an admin call is limited to. Everyone but an instance admin works in their own
 * city: `requested` may name it or be left out, another city is 403 (whether or not it
 * exists, so the answer tells nothing about other cities). An instance admin gets the city
 * asked for, or null: every city. Whether `requested` exists is for the caller to check.
 */
export function cityScope(principal: Principal, requested?: string | null): string | null {
  if (isInstanceAdmin(principal)) return requested ?? null;
  const own = principal.jurisdictionId;
  if (own === null) throw forbidden('this account belongs to no city: ask an instance admin');
  if (requested != null && requested !== own) {
    throw forbidden(`jurisdiction_id "${requested}": you work for ${own} only`);
  }
  return own;
}

/** Departments whose requests the principal may read; null means all of them (within cityScope). */
export function readableDepartments(principal: Principal): readonly number[] | null {
  return principal.role === 'admin' ? null : principal.departmentIds;
}
