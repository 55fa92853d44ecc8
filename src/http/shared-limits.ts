import type { Config } from '../config';
import { photoQueue, type PhotoQueue } from '../media/photo-queue';
import { postLimiter, type CountRefusal, type PostLimiter } from './rate-limit';

/**
 * What every route that takes a resident's POST shares in one process: the per-address and
 * per-key POST limits and the photo queue, so a page form and the GeoReport POST draw on the
 * same budget and one photo is decoded at a time (docs/api.md, abuse limits).
 */
export type SharedLimits = { postLimits: PostLimiter; photos: PhotoQueue };

/** `count` hears of every refusal, for /metrics (docs/metrics.md). */
export function sharedLimits(config: Config, count: CountRefusal = () => undefined): SharedLimits {
  return {
    postLimits: postLimiter(config.rateLimitPostsPerAddress, config.rateLimitPostsPerKey, count),
    photos: photoQueue(config.mediaQueueLength, () => count('photo_queue')),
  };
}
