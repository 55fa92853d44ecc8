import type { Context } from 'koa';
import { first, type Fields } from './fields';

/** `api_key` from the body, the query string or `Authorization: Bearer` (open311.md §2.4). */
export function apiKeyFrom(ctx: Context, body: Fields, query: Fields): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(ctx.get('authorization'))?.[1];
  return first(body, 'api_key') ?? first(query, 'api_key') ?? bearer;
}
