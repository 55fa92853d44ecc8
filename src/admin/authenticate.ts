import type { Context, Next } from 'koa';
import type { Pool } from 'pg';
import { unauthorized } from '../domain/errors';
import { looksLikeJwt } from '../domain/verify-jwt';
import { findPrincipalByToken } from '../repositories/handler-repository';
import type { Principal } from '../domain/principal';
import type { HandlerSignIn } from './handler-sign-in';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Every /admin/v1 route needs `Authorization: Bearer <credential>`: a handler token (scripts)
 * or a JWT from the city's OpenID Connect provider (docs/handler-sign-in.md); a JWT has dots, a
 * handler token never does. No header or an unknown, revoked or deactivated token is 401, and
 * so is a JWT that does not verify; a valid JWT without a (active) linked account is 403.
 * Sets ctx.state.principal.
 */
export function authenticate(pool: Pool, signIn: HandlerSignIn | null = null) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const header = ctx.get('authorization');
    if (header === '') throw unauthorized('sign in: send Authorization: Bearer <handler token>');
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) throw unauthorized('the Authorization header must be "Bearer <handler token>"');
    ctx.state.principal = looksLikeJwt(token) ? await jwtPrincipal(token, signIn) : await tokenPrincipal(pool, token);
    await next();
  };
}

async function tokenPrincipal(pool: Pool, token: string): Promise<Principal> {
  const principal = await findPrincipalByToken(pool, token);
  if (principal === null) throw unauthorized('unknown, revoked or deactivated handler token');
  return principal;
}

async function jwtPrincipal(token: string, signIn: HandlerSignIn | null): Promise<Principal> {
  if (signIn === null) throw unauthorized('handler sign-in with OpenID Connect is not configured on this server');
  return signIn(token);
}

export const principalOf = (ctx: Context): Principal => ctx.state.principal as Principal;
