import type { Pool } from 'pg';
import type { Locale } from './catalogue';
import { loadInboxDetail } from '../repositories/admin/inbox-detail';

/** Where a handler fetches a photo of a request, published or not (GET .../photos/{photo_file}). */
export const adminPhotoUrl = (baseUrl: string, requestId: string, photoId: string, thumbnail = false): string =>
  `${baseUrl}/admin/v1/requests/${requestId}/photos/${photoId}${thumbnail ? '-thumb' : ''}.jpg`;

/**
 * One request as the admin API shows it (AdminInboxRequest): the body of
 * GET /admin/v1/requests/{service_request_id}, and the `service_request` of every webhook
 * delivery (docs/webhooks.md), so that the two can never differ.
 */
export async function adminRequestView(
  pool: Pool,
  baseUrl: string,
  ref: { id: string; publicId: string },
  locale: Locale | null,
): Promise<Record<string, unknown>> {
  const { request, events, photos } = await loadInboxDetail(pool, ref.id, locale);
  return {
    ...request,
    events,
    photos: photos.map((p) => ({
      ...p,
      url: adminPhotoUrl(baseUrl, ref.publicId, p.photo_id),
      thumbnail_url: adminPhotoUrl(baseUrl, ref.publicId, p.photo_id, true),
    })),
  };
}
