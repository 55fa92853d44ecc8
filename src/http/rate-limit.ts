import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiError } from './errors';

export type PostLimiter = { check(kind: 'address' | 'api_key', key: string): Promise<void> };

/**
 * Per-minute POST limits per client address and per API key (rate-limiter-flexible, in memory:
 * each process counts its own, so N processes allow up to N times the limit). 0 turns a limit
 * off. Over the limit: 429 with Retry-After and a GeoReport error body.
 */
export function postLimiter(perAddress: number, perKey: number): PostLimiter {
  const limiters = {
    address: perAddress > 0 ? new RateLimiterMemory({ keyPrefix: 'address', points: perAddress, duration: 60 }) : null,
    api_key: perKey > 0 ? new RateLimiterMemory({ keyPrefix: 'api_key', points: perKey, duration: 60 }) : null,
  };
  return {
    async check(kind, key) {
      const limiter = limiters[kind];
      if (limiter === null) return;
      try {
        await limiter.consume(key);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        const who = kind === 'address' ? 'this address' : 'this api_key';
        throw new ApiError(429, [`too many requests from ${who}: try again in ${seconds} s`], {
          'Retry-After': String(seconds),
        });
      }
    },
  };
}
