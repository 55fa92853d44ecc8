import type { Context } from 'koa';
import { looksLikeJwt } from '../residents/verify-resident';
import { first, type Fields } from './fields';

/**
 * `api_key` from the body, the query string or `Authorization: Bearer` (docs/open311-dialect.md §11.3). A
 * bearer JWT is a signed-in resident, not a key: then the key must come as `api_key`.
 */
export function apiKeyFrom(ctx: Context, body: Fields, query: Fields): string | undefined {
  const value = /^Bearer\s+(\S+)\s*$/i.exec(ctx.get('authorization'))?.[1];
  const bearer = value !== undefined && !looksLikeJwt(value) ? value : undefined;
  return first(body, 'api_key') ?? first(query, 'api_key') ?? bearer;
}
