import type { Context, Next } from 'koa';
import type { Pool } from 'pg';
import { unauthorized } from '../domain/errors';
import { findPrincipalByToken } from '../repositories/handler-repository';
import type { Principal } from '../domain/principal';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Every /admin/v1 route needs `Authorization: Bearer <handler token>`: no header or an
 * unknown, revoked or deactivated token is 401. Sets ctx.state.principal.
 */
export function authenticate(pool: Pool) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const header = ctx.get('authorization');
    if (header === '') throw unauthorized('sign in: send Authorization: Bearer <handler token>');
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) throw unauthorized('the Authorization header must be "Bearer <handler token>"');
    const principal = await findPrincipalByToken(pool, token);
    if (principal === null) throw unauthorized('unknown, revoked or deactivated handler token');
    ctx.state.principal = principal;
    await next();
  };
}

export const principalOf = (ctx: Context): Principal => ctx.state.principal as Principal;
