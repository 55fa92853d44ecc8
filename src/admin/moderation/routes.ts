import type { RegisterRoutes } from '../types';
import { act } from '../workflow/act';
import { photoFlagAction } from './photo-action';
import { publicationAction } from './publication-action';

/** Admin routes: publish, hide, edit public text, per-photo flags. */
export const registerModerationRoutes: RegisterRoutes = (router, deps) => {
  const base = '/requests/:service_request_id';
  router.patch(`${base}/publication`, (ctx) => act(ctx, deps, 'AdminPublicationChange', publicationAction));
  router.patch(`${base}/photos/:photo_id/publication`, (ctx) =>
    act(ctx, deps, 'AdminPhotoFlag', photoFlagAction(String(ctx.params.photo_id))),
  );
};
