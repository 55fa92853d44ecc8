import { Router } from '@koa/router';
import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import { publicPhotoFile } from '../media/public-photo';
import { notFound } from '../domain/errors';
import { sendPhoto } from './send-photo';

/** Public photo URL of a stored photo (core `media_url`, `extended_attributes.media_urls`). */
export const photoUrl = (baseUrl: string, publicId: string): string => `${baseUrl}/media/${publicId}.jpg`;

/**
 * GET /media/{id}.jpg and /media/{id}-thumb.jpg: only photos that pass the privacy gate and
 * their own publish flag; everything else is the same 404 as an unknown photo.
 *
 * A stored photo's bytes never change, but whether it may be shown does: caches may keep it
 * (`public`) but must ask again before every reuse (`no-cache`). The question costs one indexed
 * lookup and, while the photo is still public, a 304 without the bytes; once a handler hides it
 * the next revalidation gets 404, so no cache goes on serving it (docs/api.md: Photos and caches).
 */
export function mediaRouter(deps: AppDeps): Router {
  const router = new Router();
  router.get('/media/:file', async (ctx) => {
    const photo = await publicPhotoFile(deps.db.readPool, ctx.params.file);
    if (!photo) throw notFound(`no such photo: ${ctx.params.file}`);
    ctx.set('Cache-Control', 'public, no-cache');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.etag = photo.etag;
    ctx.status = 200;
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
    // Streamed from the store: a bucket's photo passes through without being held in memory.
    // An error answer (the object is gone, the store fails) must not carry the photo's tag.
    const stored = await deps.media.open(photo.key).catch((error: unknown) => {
      withoutCaching(ctx);
      throw error;
    });
    if (!stored) {
      withoutCaching(ctx);
      throw notFound(`no such photo: ${ctx.params.file}`);
    }
    sendPhoto(ctx, stored);
  });
  return router;
}

function withoutCaching(ctx: Context): void {
  ctx.remove('Cache-Control');
  ctx.remove('ETag');
}
