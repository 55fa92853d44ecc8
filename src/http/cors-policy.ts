import cors from '@koa/cors';
import type { Context, Middleware, Next } from 'koa';
import type { Pool } from 'pg';
import { cachedValue, type Cached } from '../domain/cached-value';
import { originAllowed } from '../domain/origins';
import { activeBrowserOrigins } from '../repositories/application-repository';

/** Headers browser clients may read: paging (docs/open311-dialect.md §13.5), request id, Retry-After. */
const EXPOSED_HEADERS = [
  'X-Result-Count',
  'X-Page',
  'X-Page-Count',
  'X-Page-Size',
  'X-Next-Page-URL',
  'X-Previous-Page-URL',
  'X-Request-Id',
  'Retry-After',
].join(',');
const ALLOWED_HEADERS = 'Authorization,Content-Type,Accept-Language,X-Request-Id';

/**
 * Tells the CORS policy which key a POST used: its origins, or null for a server-side key. A POST
 * that never got as far as its key keeps the open answer of a server-side key.
 */
export function noteKeyOrigins(ctx: Context, allowedOrigins: readonly string[] | null): void {
  ctx.state.keyOrigins = allowedOrigins;
}

const isPostPreflight = (ctx: Context): boolean =>
  ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method').toUpperCase() === 'POST';

/**
 * A preflight carries no key: it is granted to an origin that some active browser key allows
 * (from the cache, so a change shows within its time), and to no other. Answered here, 204.
 */
async function answerPreflight(ctx: Context, origins: Cached<string[]>): Promise<void> {
  ctx.vary('Origin');
  ctx.status = 204;
  const origin = ctx.get('Origin');
  if (origin === '' || !originAllowed(await origins.get(), origin)) return;
  ctx.set({
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': 'POST',
    'Access-Control-Allow-Headers': ALLOWED_HEADERS,
  });
}

/** After the POST (answer or error): the origin its browser key allows, or any origin for other keys. */
function grantPost(ctx: Context): void {
  const keyOrigins = ctx.state.keyOrigins as readonly string[] | null | undefined;
  const origin = ctx.get('Origin');
  if (keyOrigins === undefined || keyOrigins === null) {
    ctx.set({ 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': EXPOSED_HEADERS });
  } else if (origin !== '' && originAllowed(keyOrigins, origin)) {
    ctx.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': EXPOSED_HEADERS });
  }
}

/**
 * CORS (docs/api.md, "Browser keys"). Reads (GeoReport GETs, feeds, photos) and the admin API
 * are open to any origin, as before. POSTs under /open311/ follow the key: a browser key's
 * answer is readable only by a page of one of its origins (`Vary: Origin`), a server-side key's
 * by any page; the POST preflight goes only to origins of active browser keys. `cacheSeconds`
 * is how long a process keeps those origins (CATALOGUE_CACHE_SECONDS).
 */
export function corsPolicy(pool: Pool, cacheSeconds: number): Middleware {
  const open = cors({ origin: '*', exposeHeaders: EXPOSED_HEADERS, allowHeaders: ALLOWED_HEADERS });
  const origins = cachedValue(() => activeBrowserOrigins(pool), cacheSeconds);
  return async (ctx: Context, next: Next) => {
    if (!ctx.path.startsWith('/open311/')) return open(ctx, next);
    if (isPostPreflight(ctx)) return answerPreflight(ctx, origins);
    if (ctx.method !== 'POST') return open(ctx, next);
    ctx.vary('Origin');
    try {
      await next();
    } finally {
      grantPost(ctx);
    }
  };
}
