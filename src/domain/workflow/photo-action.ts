import { EVENT_KINDS } from '../event-kinds';
import { conflict, notFound } from '../errors';
import { isMediaId } from '../../media/media-keys';
import { recordEvent } from '../../repositories/admin/events';
import { lockRequestPhoto, setPhotoPublished } from '../../repositories/admin/moderation-photos';
import { loadPublicationState } from '../../repositories/admin/moderation-publication';
import type { Action } from './action';
import { publicationRefusal } from './publication-rules';

export type PhotoFlagBody = { published: boolean };

/**
 * PATCH a photo's publish flag. A photo may be released before its request is public: it
 * shows only once the request passes the privacy gate too. Releasing a photo of a request
 * that can never be public is refused (409) so the handler is not misled.
 */
export const photoFlagAction =
  (photoId: string): Action<PhotoFlagBody> =>
  async (client, ref, body, principal) => {
    const photo = isMediaId(photoId) ? await lockRequestPhoto(client, ref.id, photoId) : null;
    if (photo === null) throw notFound(`request ${ref.publicId} has no photo ${photoId}`);
    if (body.published) {
      const refusal = publicationRefusal(await loadPublicationState(client, ref.id), ref.publicId);
      if (refusal !== null) throw conflict(refusal);
    }
    if (photo.published !== body.published) await setPhotoPublished(client, ref.id, photo.id, body.published);
    return recordEvent(client, {
      requestId: ref.id,
      kind: body.published ? EVENT_KINDS.photoPublished : EVENT_KINDS.photoHidden,
      handlerId: principal.id,
      public: false,
      data: { photo_id: photoId, from: photo.published, to: body.published },
    });
  };
