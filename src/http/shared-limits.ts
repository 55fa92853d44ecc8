import type { Config } from '../config';
import { photoQueue, type PhotoQueue } from '../media/photo-queue';
import { postLimiter, type PostLimiter } from './rate-limit';

/**
 * What every route that takes a resident's POST shares in one process: the per-address and
 * per-key POST limits and the photo queue, so a page form and the GeoReport POST draw on the
 * same budget and one photo is decoded at a time (docs/api.md, abuse limits).
 */
export type SharedLimits = { postLimits: PostLimiter; photos: PhotoQueue };

export function sharedLimits(config: Config): SharedLimits {
  return {
    postLimits: postLimiter(config.rateLimitPostsPerAddress, config.rateLimitPostsPerKey),
    photos: photoQueue(config.mediaQueueLength),
  };
}
