import type { RegisterRoutes } from './types';
import { principalOf } from './authenticate';

/** GET /admin/v1/me: whom the token belongs to. */
export const registerMeRoutes: RegisterRoutes = (routes) => {
  routes.get('/me', 'any', (ctx) => {
    const p = principalOf(ctx);
    ctx.body = {
      id: p.id,
      email: p.email,
      name: p.name,
      role: p.role,
      jurisdiction_id: p.jurisdictionId,
      department_ids: p.departmentIds,
    };
  });
};
