import type { Config } from '../config';
import { photoQueue, type PhotoQueue } from '../media/photo-queue';
import { memoryLimitStore, type LimitStore } from './limit-store';
import { postLimiter, type CountRefusal, type PostLimiter } from './rate-limit';

/**
 * What every route that takes a resident's POST shares: the per-address and per-key POST limits
 * (counted where `store` keeps them: shared by every process with DATABASE_URL), the photo queue
 * of this process, so a page form and the GeoReport POST draw on the same budget and one photo is
 * decoded at a time per process, and the store itself for the sign-in link limits (docs/api.md,
 * abuse limits; docs/scale-out.md, "Rate limits").
 */
export type SharedLimits = { postLimits: PostLimiter; photos: PhotoQueue; store: LimitStore };

/** `count` hears of every refusal, for /metrics (docs/metrics.md). */
export function sharedLimits(
  config: Config,
  store: LimitStore = memoryLimitStore(),
  count: CountRefusal = () => undefined,
): SharedLimits {
  return {
    postLimits: postLimiter(store, config.rateLimitPostsPerAddress, config.rateLimitPostsPerKey, count),
    photos: photoQueue(config.mediaQueueLength, () => count('photo_queue')),
    store,
  };
}
