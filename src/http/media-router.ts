import { Router } from '@koa/router';
import type { AppDeps } from '../deps';
import { isMediaId } from '../media/media-keys';
import { findPublicPhoto } from '../repositories/public-media-repository';
import { notFound } from './errors';

const FILE = /^([0-9a-f]+)(-thumb)?\.jpg$/;

/** Public photo URL of a stored photo (core `media_url`, `extended_attributes.media_urls`). */
export const photoUrl = (baseUrl: string, publicId: string): string => `${baseUrl}/media/${publicId}.jpg`;

/**
 * GET /media/{id}.jpg and /media/{id}-thumb.jpg: only photos that pass the privacy gate and
 * their own publish flag; everything else is the same 404 as an unknown photo.
 */
export function mediaRouter(deps: AppDeps): Router {
  const router = new Router();
  router.get('/media/:file', async (ctx) => {
    const match = FILE.exec(ctx.params.file);
    const photo = match && isMediaId(match[1]) ? await findPublicPhoto(deps.db.pool, match[1]) : null;
    const data = photo ? await deps.media.get(match?.[2] ? photo.thumbnail : photo.full) : null;
    if (!data) throw notFound(`no such photo: ${ctx.params.file}`);
    ctx.type = 'image/jpeg';
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.body = data;
  });
  return router;
}
