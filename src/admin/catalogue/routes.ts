import type { RegisterRoutes } from '../types';
import { createDepartment, listDepartments, updateDepartment } from './departments';
import { createService, getService, listServices, updateService } from './services';

/**
 * Admin routes: services (categories) and departments. Every role reads; admins write. There
 * is no DELETE: requests refer to services and departments, so they are deactivated or renamed.
 */
export const registerCatalogueRoutes: RegisterRoutes = (router, deps) => {
  router.get('/services', (ctx) => listServices(ctx, deps));
  router.post('/services', (ctx) => createService(ctx, deps));
  router.get('/services/:service_code', (ctx) => getService(ctx, deps));
  router.patch('/services/:service_code', (ctx) => updateService(ctx, deps));
  router.get('/departments', (ctx) => listDepartments(ctx, deps));
  router.post('/departments', (ctx) => createDepartment(ctx, deps));
  router.patch('/departments/:department_id', (ctx) => updateDepartment(ctx, deps));
};
