import type { RegisterRoutes } from '../types';
import { act } from '../workflow/act';
import { photoFlagAction } from '../../domain/workflow/photo-action';
import { publicationAction } from '../../domain/workflow/publication-action';

/** Admin routes: publish, hide, edit public text, per-photo flags (admins and handlers). */
export const registerModerationRoutes: RegisterRoutes = (routes, deps) => {
  const base = '/requests/:service_request_id';
  routes.patch(`${base}/publication`, 'work', (ctx) => act(ctx, deps, 'AdminPublicationChange', publicationAction));
  routes.patch(`${base}/photos/:photo_id/publication`, 'work', (ctx) =>
    act(ctx, deps, 'AdminPhotoFlag', photoFlagAction(String(ctx.params.photo_id))),
  );
};
