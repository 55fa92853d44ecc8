import type { RegisterRoutes } from '../types';
import { createDepartment, listDepartments, updateDepartment } from './departments';
import { createService, getService, listServices, updateService } from './services';

/**
 * Admin routes: services (categories) and departments. Every role reads; admins write. There
 * is no DELETE: requests refer to services and departments, so they are deactivated or renamed.
 */
export const registerCatalogueRoutes: RegisterRoutes = (routes, deps) => {
  routes.get('/services', 'any', (ctx) => listServices(ctx, deps));
  routes.post('/services', 'admin', (ctx) => createService(ctx, deps));
  routes.get('/services/:service_code', 'any', (ctx) => getService(ctx, deps));
  routes.patch('/services/:service_code', 'admin', (ctx) => updateService(ctx, deps));
  routes.get('/departments', 'any', (ctx) => listDepartments(ctx, deps));
  routes.post('/departments', 'admin', (ctx) => createDepartment(ctx, deps));
  routes.patch('/departments/:department_id', 'admin', (ctx) => updateDepartment(ctx, deps));
};
