import type { RegisterRoutes } from '../types';
import { getRequestDetail } from './detail';
import { listRequests } from './list';
import { getRequestPhoto } from './photo';

/** Admin routes: the inbox list, one request in full, and its photos (published or not). */
export const registerInboxRoutes: RegisterRoutes = (router, deps) => {
  router.get('/requests', (ctx) => listRequests(ctx, deps));
  router.get('/requests/:service_request_id', (ctx) => getRequestDetail(ctx, deps));
  router.get('/requests/:service_request_id/photos/:photo_file', (ctx) => getRequestPhoto(ctx, deps));
};
