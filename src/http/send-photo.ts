import type { Context } from 'koa';
import type { StoredObject } from '../media/media-store';

/**
 * A stored photo as the response body, streamed. Koa destroys the stream when the response ends
 * or the client goes away, which also gives a bucket's connection back.
 */
export function sendPhoto(ctx: Context, stored: StoredObject): void {
  ctx.type = 'image/jpeg';
  ctx.body = stored.body;
  if (stored.length !== null) ctx.length = stored.length;
}
