import type { Middleware } from 'koa';
import { ApiError } from '../domain/errors';
import type { Limiter, LimitStore } from './limit-store';

export type PostLimiter = { check(kind: 'address' | 'api_key', key: string): Promise<void> };

/** The limits whose refusals /metrics counts (docs/metrics.md). */
export type RefusedLimit = 'get_per_address' | 'post_per_address' | 'post_per_api_key' | 'photo_queue';
export type CountRefusal = (limit: RefusedLimit) => void;
export const REFUSED_LIMITS: readonly RefusedLimit[] = [
  'get_per_address',
  'post_per_address',
  'post_per_api_key',
  'photo_queue',
];
const uncounted: CountRefusal = () => undefined;

/** Takes one point for `key`; over the limit, 429 with Retry-After and a GeoReport error body. */
async function consume(limiter: Limiter, key: string, who: string, counted: () => void): Promise<void> {
  const refused = await limiter(key);
  if (refused === null) return;
  counted();
  const seconds = Math.max(1, Math.ceil(refused.msBeforeNext / 1000));
  throw new ApiError(429, [`too many requests from ${who}: try again in ${seconds} s`], {
    'Retry-After': String(seconds),
  });
}

/**
 * Per-minute POST limits per client address and per API key (rate-limiter-flexible), counted
 * where `store` keeps them: per process on the embedded database, shared by every process with
 * DATABASE_URL (docs/scale-out.md, "Rate limits"). 0 turns a limit off. Over the limit: 429 with
 * Retry-After and a GeoReport error body.
 */
export function postLimiter(
  store: LimitStore,
  perAddress: number,
  perKey: number,
  count: CountRefusal = uncounted,
): PostLimiter {
  const limiters = {
    address: perAddress > 0 ? store.limiter({ keyPrefix: 'address', points: perAddress, duration: 60 }) : null,
    api_key: perKey > 0 ? store.limiter({ keyPrefix: 'api_key', points: perKey, duration: 60 }) : null,
  };
  const refused = { address: () => count('post_per_address'), api_key: () => count('post_per_api_key') };
  return {
    async check(kind, key) {
      const limiter = limiters[kind];
      if (limiter === null) return;
      await consume(limiter, key, kind === 'address' ? 'this address' : 'this api_key', refused[kind]);
    },
  };
}

/**
 * Not counted: the handlers' API (bearer tokens), the load balancer's probes, and the static
 * files of the widget and the pages (cacheable; a city office behind one address loads them on
 * every page view).
 */
const NOT_PUBLIC = /^\/(?:admin\/|health$|ready$|metrics$|widget\/|pages\/pages\.css$)/;

/**
 * Per-minute limit on public GET/HEAD requests per client address (`ctx.ip`, which honours
 * TRUST_PROXY); 0 turns it off. Counted in memory, and with DATABASE_URL shared by every
 * process through batched syncs, never a round trip per request (docs/scale-out.md, "Rate
 * limits"). Mounted after the format is known, so the 429 comes in the requested .json or .xml.
 */
export function getLimiter(store: LimitStore, perAddress: number, count: CountRefusal = uncounted): Middleware {
  if (perAddress <= 0) return (_ctx, next) => next();
  const limiter = store.frequent({ keyPrefix: 'get-address', points: perAddress, duration: 60 });
  const refused = () => count('get_per_address');
  return async (ctx, next) => {
    if ((ctx.method === 'GET' || ctx.method === 'HEAD') && !NOT_PUBLIC.test(ctx.path)) {
      await consume(limiter, ctx.ip, 'this address', refused);
    }
    await next();
  };
}
