import type { Context } from 'koa';
import type { AppDeps } from '../../deps';
import { notFound } from '../../domain/errors';
import { isMediaId } from '../../media/media-keys';
import { findRequestPhoto } from '../../repositories/admin/inbox-photo';
import { principalOf } from '../authenticate';
import { loadRequestRef } from '../../domain/request-access';
import { sendPhoto } from '../../http/send-photo';

const FILE = /^([0-9a-f]+)(-thumb)?\.jpg$/;

/**
 * GET /admin/v1/requests/{service_request_id}/photos/{photo_file}: any photo of a request the
 * handler may read, published or not. Never cached anywhere: it may show what the public must not.
 */
export async function getRequestPhoto(ctx: Context, deps: AppDeps): Promise<void> {
  const ref = await loadRequestRef(deps.db.pool, ctx.params.service_request_id, principalOf(ctx), 'read');
  const match = FILE.exec(ctx.params.photo_file);
  const photo = match && isMediaId(match[1]) ? await findRequestPhoto(deps.db.pool, ref.id, match[1]) : null;
  const stored = photo ? await deps.media.open(match?.[2] ? photo.thumbnail : photo.full) : null;
  if (!stored) throw notFound(`request ${ref.publicId} has no photo ${ctx.params.photo_file}`);
  ctx.set('Cache-Control', 'private, no-store');
  ctx.set('X-Content-Type-Options', 'nosniff');
  sendPhoto(ctx, stored);
}
