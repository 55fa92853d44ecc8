import type { RegisterRoutes } from '../types';
import { getRequestDetail } from './detail';
import { listRequests } from './list';
import { getRequestPhoto } from './photo';

/**
 * Admin routes: the inbox list, one request in full, and its photos (published or not). Every
 * role reads, within its departments.
 */
export const registerInboxRoutes: RegisterRoutes = (routes, deps) => {
  routes.get('/requests', 'any', (ctx) => listRequests(ctx, deps));
  routes.get('/requests/:service_request_id', 'any', (ctx) => getRequestDetail(ctx, deps));
  routes.get('/requests/:service_request_id/photos/:photo_file', 'any', (ctx) => getRequestPhoto(ctx, deps));
};
