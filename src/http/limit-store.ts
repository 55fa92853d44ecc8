import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { AppDeps } from '../deps';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { hashSecret } from '../domain/secrets';
import { RATE_LIMIT_TABLE, deleteExpiredRateLimits } from '../repositories/rate-limit-repository';
import { batchedLimiter } from './batched-limit';

/** Takes one point for `key`: null within the limit, else the refusal (its msBeforeNext). */
export type Limiter = (key: string) => Promise<RateLimiterRes | null>;

/** `points` per `duration` seconds per key; `keyPrefix` keeps the limits apart. */
export type LimitOptions = { keyPrefix: string; points: number; duration: number };

/**
 * Where the limits are counted (docs/scale-out.md, "Rate limits"): in memory per process (the
 * embedded database, one process), or in PostgreSQL shared by every process (DATABASE_URL).
 * `limiter` counts every call where it is kept; `frequent` is for the limit checked on every
 * public GET, which must not cost a database round trip.
 */
export type LimitStore = {
  limiter(options: LimitOptions): Limiter;
  frequent(options: LimitOptions): Limiter;
};

/** The library's refusal is a RateLimiterRes; anything else is a real error. */
async function taken(consume: () => Promise<unknown>): Promise<RateLimiterRes | null> {
  try {
    await consume();
    return null;
  } catch (error) {
    if (error instanceof RateLimiterRes) return error;
    throw error;
  }
}

export function memoryLimitStore(): LimitStore {
  const limiter = (options: LimitOptions): Limiter => {
    const memory = new RateLimiterMemory(options);
    return (key) => taken(() => memory.consume(key));
  };
  return { limiter, frequent: limiter };
}

/** A per-process limiter that says when the store is not answering, at most once a minute. */
class Insurance extends RateLimiterMemory {
  constructor(
    options: LimitOptions,
    private readonly warn: (error?: unknown) => void,
  ) {
    super(options);
  }

  override consume(...args: Parameters<RateLimiterMemory['consume']>): ReturnType<RateLimiterMemory['consume']> {
    this.warn();
    return super.consume(...args);
  }
}

const CLEANUP_MS = 5 * 60 * 1000;

/**
 * Counters in the `rate_limit` table, keyed by the hash of the client address (or e-mail
 * hash, or client id) so no address is stored. One round trip per call, except that a key over
 * its limit is then refused from memory until its window ends. If the database does not answer,
 * each process counts by itself (the library's insurance limiter) and the log says so. The
 * frequent limit counts in memory and adds its counts to the table every `syncMs` (batched-limit.ts).
 * Counters whose window ended five minutes ago are deleted every five minutes.
 */
export function postgresLimitStore(pool: Pool, logger: Logger, syncMs: number): LimitStore {
  let warnedAt = 0;
  const warn = (error?: unknown) => {
    if (Date.now() - warnedAt < 60_000) return;
    warnedAt = Date.now();
    logger.warn({ err: error }, 'rate limits: the database does not answer, each process counts by itself for now');
  };
  const cleanup = setInterval(() => {
    if (pool.ending) return clearInterval(cleanup);
    deleteExpiredRateLimits(pool, Date.now() - CLEANUP_MS).catch((error: unknown) =>
      logger.warn({ err: error }, 'rate limits: deleting ended counters failed'),
    );
  }, CLEANUP_MS);
  cleanup.unref();
  return {
    limiter(options) {
      const store = new RateLimiterPostgres({
        ...options,
        storeClient: pool,
        storeType: 'pool',
        tableName: RATE_LIMIT_TABLE,
        tableCreated: true,
        clearExpiredByTimeout: false,
        inMemoryBlockOnConsumed: options.points,
        insuranceLimiter: new Insurance(options, warn),
      });
      return (key) => taken(() => store.consume(hashSecret(key)));
    },
    frequent: (options) => batchedLimiter({ ...options, pool, syncMs, warn }),
  };
}

/** Shared in PostgreSQL when DATABASE_URL is set; per process on the embedded database (one process). */
export function limitStore(deps: AppDeps): LimitStore {
  if (deps.config.databaseUrl === null) return memoryLimitStore();
  return postgresLimitStore(deps.db.pool, deps.logger, deps.config.rateLimitSyncMs);
}
