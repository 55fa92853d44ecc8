import type { Context } from 'koa';
import type { AppDeps } from '../../deps';
import { fieldsFromSearchParams } from '../../http/fields';
import { queryParams } from '../../http/validate-params';
import { loadInboxDetail } from '../../repositories/admin/inbox-detail';
import { principalOf } from '../authenticate';
import { loadRequestRef } from '../../domain/request-access';
import { inboxLocale } from './parse-inbox-query';

/** Where a handler fetches a photo of a request, published or not (GET .../photos/{photo_file}). */
export const adminPhotoUrl = (baseUrl: string, requestId: string, photoId: string, thumbnail = false): string =>
  `${baseUrl}/admin/v1/requests/${requestId}/photos/${photoId}${thumbnail ? '-thumb' : ''}.jpg`;

/** GET /admin/v1/requests/{service_request_id}: everything the public does not see, too. */
export async function getRequestDetail(ctx: Context, deps: AppDeps): Promise<void> {
  const fields = fieldsFromSearchParams(new URLSearchParams(ctx.querystring));
  const locale = inboxLocale(queryParams('adminGetRequest', fields));
  const ref = await loadRequestRef(deps.db.pool, ctx.params.service_request_id, principalOf(ctx), 'read');
  const { request, events, photos } = await loadInboxDetail(deps.db.pool, ref.id, locale);
  const base = deps.config.publicBaseUrl;
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = {
    ...request,
    events,
    photos: photos.map((p) => ({
      ...p,
      url: adminPhotoUrl(base, ref.publicId, p.photo_id),
      thumbnail_url: adminPhotoUrl(base, ref.publicId, p.photo_id, true),
    })),
  };
}
